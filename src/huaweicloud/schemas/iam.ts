// IAM KeystoneListProjects body (docs §6.2): only what project-id resolution needs is kept.

import { z } from 'zod';
import { optFlag, optText, text, textId } from './fields.js';
import { record, records } from './records.js';

export const iamProjectRecord = record({
  identity: { id: textId(), name: text() },
  values: { domain_id: optText(), enabled: optFlag() },
});

export const listIamProjectsBody = z
  .object({ projects: records('projects', iamProjectRecord) })
  .transform((b) => b.projects.items);
