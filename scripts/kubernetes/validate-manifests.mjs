// Validates Kubernetes manifests against the Kubernetes and prometheus-operator schemas, with the JSON schemas
// the kubernetes-models packages ship (ajv underneath): types, enums and required fields. It does not
// refuse unknown fields (kubeconform -strict would; kubeconform is not installable here).
//
//   node scripts/kubernetes/validate-manifests.mjs FILE…     (or - for stdin, e.g. helm template … | …)
//
// Every document must be of a known apiVersion and kind: an unknown one fails rather than passing unchecked.
// Exit 0 when all are valid; 1 with "FILE: document N (Kind name): problem" lines otherwise.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** The models' module for an apiVersion: core (v1), other groups of Kubernetes, the operator's CRDs. */
function modelModule(apiVersion) {
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

async function problemsOf(object) {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['no apiVersion or kind'];
  let models;
  try {
    models = await import(modelModule(apiVersion));
  } catch {
    return [`unknown apiVersion ${apiVersion}`];
  }
  const Model = models[kind];
  if (typeof Model !== 'function') return [`unknown kind ${kind} in ${apiVersion}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

async function validateText(text, source) {
  const lines = [];
  let count = 0;
  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) {
      lines.push(`${source}: document ${index + 1}: ${document.errors[0].message}`);
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) continue; // an empty document (e.g. a disabled template)
    count++;
    const name = `${object.kind ?? '?'} ${object.metadata?.name ?? '?'}`;
    for (const problem of await problemsOf(object))
      lines.push(`${source}: document ${index + 1} (${name}): ${problem}`);
  }
  return { count, problems: lines };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: validate-manifests.mjs FILE… (- for stdin)');
  process.exit(2);
}
let total = 0;
let failed = false;
for (const file of files) {
  const { count, problems } = await validateText(readFileSync(file === '-' ? 0 : file, 'utf8'), file);
  total += count;
  for (const line of problems) console.error(line);
  failed ||= problems.length > 0;
}
if (total === 0) {
  console.error('no manifests to validate');
  failed = true;
}
console.log(`${total} manifests checked, ${failed ? 'problems found' : 'all valid'}`);
process.exitCode = failed ? 1 : 0;
