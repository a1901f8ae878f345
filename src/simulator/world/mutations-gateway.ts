// Control-API changes to signature keys and deletions of registries.

import { SIGN_ALGORITHMS, SIGN_TYPES, signatureKeyRaw } from './generate-gateways.js';
import { findGatewayInstance, findProject, findSwrInstance, found, missing } from './lookup.js';
import { mutationRng } from './mutations.js';
import type { WorldState } from './state.js';
import type {
  GatewayKind,
  HssRegistryRaw,
  NewSignatureKey,
  SignatureKeyRaw,
  SwrRegistryRaw,
  WorldResult,
} from './types.js';

/** Gateway rule: 3–64 characters, starts with a letter (CJK counts), then letters, digits, `_`. */
const SIGN_NAME = /^[\p{L}][\p{L}\p{N}_]{2,63}$/u;

export function addSignatureKey(
  state: WorldState,
  gateway: GatewayKind,
  projectId: string,
  instanceId: string,
  input: NewSignatureKey,
): WorldResult<SignatureKeyRaw> {
  const hit = findGatewayInstance(state, gateway, projectId, instanceId);
  if (!hit.ok) return hit;
  const signType = input.sign_type ?? 'hmac';
  if (typeof input.name !== 'string' || !SIGN_NAME.test(input.name)) {
    return missing('invalid', 'name must be 3–64 characters: a letter first, then letters, digits or _');
  }
  if (!(SIGN_TYPES as readonly string[]).includes(signType)) {
    return missing('invalid', `sign_type must be one of ${SIGN_TYPES.join(', ')}, got "${signType}"`);
  }
  if (input.sign_algorithm !== undefined) {
    if (signType !== 'aes') return missing('invalid', 'sign_algorithm is only allowed with sign_type aes');
    if (!(SIGN_ALGORITHMS as readonly string[]).includes(input.sign_algorithm)) {
      return missing('invalid', `sign_algorithm must be one of ${SIGN_ALGORITHMS.join(', ')}`);
    }
  }
  for (const key of hit.value.keys.values()) {
    if (key.name === input.name)
      return missing('invalid', `a signature key named "${input.name}" already exists`);
  }
  const raw = signatureKeyRaw(mutationRng(state), {
    name: input.name,
    sign_type: signType,
    ...(input.sign_algorithm === undefined ? {} : { sign_algorithm: input.sign_algorithm }),
    createdMs: state.clock.nowMs,
    ldapi: gateway === 'roma',
  });
  hit.value.keys.set(raw.id, raw);
  return found(raw);
}

export function deleteSignatureKey(
  state: WorldState,
  gateway: GatewayKind,
  projectId: string,
  instanceId: string,
  signId: string,
): WorldResult<SignatureKeyRaw> {
  const hit = findGatewayInstance(state, gateway, projectId, instanceId);
  if (!hit.ok) return hit;
  const key = hit.value.keys.get(signId);
  if (key === undefined) return missing('sign', `signature key ${signId} does not exist`);
  hit.value.keys.delete(signId);
  return found(key);
}

export function deleteSwrRegistry(
  state: WorldState,
  projectId: string,
  instanceId: string,
  registryId: number,
): WorldResult<SwrRegistryRaw> {
  const hit = findSwrInstance(state, projectId, instanceId);
  if (!hit.ok) return hit;
  const registry = hit.value.registries.get(registryId);
  if (registry === undefined) return missing('registry', `registry ${registryId} does not exist`);
  hit.value.registries.delete(registryId);
  return found(registry);
}

export function deleteHssRegistry(
  state: WorldState,
  projectId: string,
  registryId: string,
): WorldResult<HssRegistryRaw> {
  const project = findProject(state, projectId);
  if (!project.ok) return project;
  const entry = project.value.hss.get(registryId);
  if (entry === undefined) return missing('registry', `registry ${registryId} does not exist`);
  project.value.hss.delete(registryId);
  return found(entry.raw);
}
