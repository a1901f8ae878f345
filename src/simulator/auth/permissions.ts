// IAM authorisation as the real cloud does it after authentication: every API needs one IAM action, and a
// credential whose policies do not allow it gets 403 "Policy doesn't allow <action> to be performed.". The
// action names are the simulator's own copy of Huawei's "Authorization Information" tables (README,
// "Permissions"); the exporter keeps its own table (src/check/iam-actions.ts), so a drift between the two
// shows up in the check-command tests instead of being shared silently.

import { API_MODULES } from '../modules.js';

/** The IAM action each simulated operation requires, keyed `${service}.${operation}`. */
export const REQUIRED_ACTIONS: Readonly<Record<string, string>> = {
  'swr.ListInstance': 'swr:instance:list',
  'swr.ListInstanceNamespaces': 'swr:repository:listNamespaces',
  'swr.ListInstanceSignPolicies': 'swr:repository:listSignPolicies',
  'swr.ShowInstanceSignPolicy': 'swr:repository:getSignPolicy',
  'swr.ListInstanceSignPolicyExecutions': 'swr:repository:listSignPolicyExecutions',
  'swr.ListInstanceSignPolicyExecTasks': 'swr:repository:listSignPolicyExecTasks',
  'swr.ListInstanceRegistries': 'swr:instance:listRegistries',
  'swr.ShowInstanceRegistry': 'swr:instance:getRegistry',
  'hss.ListRegistry': 'hss:imageRepository:list',
  'apig.ListInstancesV2': 'apig:instances:list',
  'apig.ListSignatureKeysV2': 'apig:signs:list',
  'roma.CheckRomaInstanceListV2': 'roma:instances:list',
  'roma.ListSignatureKeysV2': 'roma:signs:list',
  'iam.KeystoneListProjects': 'iam:projects:list',
  // What the delegated party grants its users to assume an agency (IAM user guide, "Assigning Permissions to
  // an IAM User (by a Delegated Party)": iam:agencies:assume on /iam/agencies/<agency id>).
  'iam.CreateTemporaryAccessKeyByAgency': 'iam:agencies:assume',
  ...Object.fromEntries(API_MODULES.flatMap((module) => Object.entries(module.actions))),
};

/** Any credential (the key used when a denial names no AK). */
const EVERYONE = '*';

/** Actions taken away from credentials through the control API (PUT /_sim/auth/denied-actions). */
export class DeniedActions {
  readonly #denied = new Map<string, Set<string>>();

  /** Denies `actions` to the AK (temporary AKs and IAM tokens are covered by the everyone entry only). */
  deny(actions: readonly string[], ak: string = EVERYONE): void {
    const set = this.#denied.get(ak) ?? new Set<string>();
    for (const action of actions) set.add(action);
    this.#denied.set(ak, set);
  }

  clear(): void {
    this.#denied.clear();
  }

  /** What is denied, without naming AKs (they are credentials). */
  list(): Array<{ scope: 'everyone' | 'one credential'; actions: string[] }> {
    return [...this.#denied].map(([ak, set]) => ({
      scope: ak === EVERYONE ? 'everyone' : 'one credential',
      actions: [...set],
    }));
  }

  /** The denied action `operation` needs for this caller, or undefined when the call is allowed. */
  deniedAction(operation: string, ak: string | undefined): string | undefined {
    const action = REQUIRED_ACTIONS[operation];
    if (action === undefined) return undefined;
    const denied = (key: string) => this.#denied.get(key)?.has(action) === true;
    return denied(EVERYONE) || (ak !== undefined && denied(ak)) ? action : undefined;
  }
}
