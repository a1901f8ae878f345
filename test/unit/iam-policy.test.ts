// deploy/iam-policy.json is the least-privilege policy the README tells users to create: it must list exactly
// the read actions the collectors use (src/check/iam-actions.ts), no write action, nothing more.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionForOperation, COLLECTOR_ACTIONS, requiredActions } from '../../src/check/iam-actions.js';
import { COLLECTOR_NAMES } from '../../src/collectors/types.js';

const policy = JSON.parse(readFileSync(new URL('../../deploy/iam-policy.json', import.meta.url), 'utf8')) as {
  Version: string;
  Statement: Array<{ Effect: string; Action: string[]; Resource: string[] }>;
};

describe('deploy/iam-policy.json', () => {
  it('allows exactly the actions of every collector plus the project lookup', () => {
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement?.Effect).toBe('Allow');
    expect(statement?.Action).toEqual(requiredActions(COLLECTOR_NAMES));
  });

  it('holds only read actions (list/get)', () => {
    for (const action of policy.Statement.flatMap((s) => s.Action)) {
      expect(action).toMatch(/^[a-z]+:[A-Za-z]+:(list|get)[A-Za-z]*$/);
    }
  });

  it('finds the action of a refused operation by service and operation', () => {
    expect(actionForOperation('swr', 'ListInstanceRegistries')).toBe('swr:instance:listRegistries');
    expect(actionForOperation('roma', 'ListSignatureKeysV2')).toBe('roma:signs:list');
    expect(actionForOperation('apig', 'ListSignatureKeysV2')).toBe('apig:signs:list');
    expect(actionForOperation('swr', 'DeleteInstance')).toBeUndefined();
    expect(Object.keys(COLLECTOR_ACTIONS).sort()).toEqual([...COLLECTOR_NAMES].sort());
  });
});
