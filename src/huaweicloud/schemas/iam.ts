// IAM KeystoneListProjects body (docs §6.2): only what project-id resolution needs is kept.

import { z } from 'zod';
import type { IamProject } from '../models.js';
import { list, opaque, optFlag, optText, text } from './fields.js';

export const iamProjectSchema = z
  .object({
    id: text(),
    name: text(),
    domain_id: optText(),
    enabled: optFlag(),
    is_domain: optFlag(),
    parent_id: optText(),
    description: optText(),
    links: opaque(),
  })
  .transform((r): IamProject => ({ id: r.id, name: r.name, domain_id: r.domain_id, enabled: r.enabled }));

export const listIamProjectsBody = z
  .object({ projects: list(iamProjectSchema), links: opaque() })
  .transform((b): IamProject[] => b.projects);
