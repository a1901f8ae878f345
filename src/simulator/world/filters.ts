// Query filters and orderings the real list APIs support. Unknown enum values in a filter are rejected with
// a message naming the parameter; the HTTP side turns that into the service's 400.

import { compareTimestamps } from './timestamps.js';
import type {
  GatewayInstanceFilter,
  HssRegistryFilter,
  NamespaceFilter,
  SignatureKeyFilter,
  SwrRegistryFilter,
} from './types.js';

export type FilterResult<T> = { ok: true; value: T[] } | { ok: false; message: string };

function contains(haystack: string, needle: string | undefined): boolean {
  return needle === undefined || haystack.toLowerCase().includes(needle.toLowerCase());
}

function orderDirection(orderType: string | undefined): 1 | -1 | undefined {
  if (orderType === undefined || orderType === 'desc') return -1;
  if (orderType === 'asc') return 1;
  return undefined;
}

interface Timestamped {
  created_at: string;
  updated_at: string;
  name: string;
}

function sortBy<T extends Timestamped & { id?: number; namespace_id?: number }>(
  items: T[],
  column: 'created_at' | 'updated_at' | 'name',
  direction: 1 | -1,
): T[] {
  const key = (item: T): number => item.id ?? item.namespace_id ?? 0;
  return items.sort((a, b) => {
    const primary =
      column === 'name'
        ? a.name < b.name
          ? -1
          : a.name > b.name
            ? 1
            : 0
        : compareTimestamps(a[column], b[column]);
    return (primary || key(a) - key(b)) * direction;
  });
}

export function filterSwrRegistries<T extends Timestamped & { id: number; type: string }>(
  items: Iterable<T>,
  filter: SwrRegistryFilter = {},
): FilterResult<T> {
  const column = filter.order_column ?? 'created_at';
  if (column !== 'created_at' && column !== 'updated_at' && column !== 'name') {
    return { ok: false, message: `order_column must be created_at, updated_at or name, got "${column}"` };
  }
  const direction = orderDirection(filter.order_type);
  if (direction === undefined)
    return { ok: false, message: `order_type must be desc or asc, got "${filter.order_type}"` };
  const matches = [...items].filter(
    (r) => contains(r.name, filter.name) && (filter.type === undefined || r.type === filter.type),
  );
  return { ok: true, value: sortBy(matches, column, direction) };
}

export function filterNamespaces<
  T extends Timestamped & { namespace_id: number; metadata: { public: string } },
>(items: Iterable<T>, filter: NamespaceFilter = {}): FilterResult<T> {
  if (filter.public !== undefined && filter.public !== 'true' && filter.public !== 'false') {
    return { ok: false, message: `public must be true or false, got "${filter.public}"` };
  }
  const matches = [...items].filter(
    (n) =>
      contains(n.name, filter.name) && (filter.public === undefined || n.metadata.public === filter.public),
  );
  if (filter.order_column === undefined && filter.order_type === undefined) {
    return { ok: true, value: matches.sort((a, b) => a.namespace_id - b.namespace_id) };
  }
  const column = filter.order_column ?? 'updated_at';
  if (column !== 'created_at' && column !== 'updated_at' && column !== 'name') {
    return { ok: false, message: `order_column must be updated_at, created_at or name, got "${column}"` };
  }
  const direction = orderDirection(filter.order_type);
  if (direction === undefined)
    return { ok: false, message: `order_type must be desc or asc, got "${filter.order_type}"` };
  return { ok: true, value: sortBy(matches, column, direction) };
}

export interface HssItem {
  raw: {
    id: string;
    registry_name: string;
    registry_type: string;
    registry_addr: string;
    status: string;
  };
  enterpriseProjectId: string;
}

export function filterHssRegistries<T extends HssItem>(
  items: Iterable<T>,
  filter: HssRegistryFilter = {},
): T[] {
  const types = filter.registry_type
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const project = filter.enterprise_project_id ?? '0';
  return [...items].filter(
    ({ raw, enterpriseProjectId }) =>
      (project === 'all_granted_eps' || enterpriseProjectId === project) &&
      contains(raw.registry_name, filter.registry_name) &&
      (filter.registry_id === undefined || raw.id === filter.registry_id) &&
      (types === undefined || types.length === 0 || types.includes(raw.registry_type)) &&
      contains(raw.registry_addr, filter.registry_addr) &&
      (filter.status === undefined || raw.status === filter.status),
  );
}

export function filterApigInstances<T extends { id: string; instance_name: string; status: string }>(
  items: Iterable<T>,
  filter: GatewayInstanceFilter = {},
): T[] {
  return [...items].filter(
    (i) =>
      (filter.instance_id === undefined || i.id === filter.instance_id) &&
      contains(i.instance_name, filter.instance_name) &&
      (filter.status === undefined || i.status === filter.status),
  );
}

export function filterSignatureKeys<T extends { id: string; name: string }>(
  items: Iterable<T>,
  filter: SignatureKeyFilter = {},
): FilterResult<T> {
  if (
    filter.precise_search !== undefined &&
    filter.precise_search !== '' &&
    filter.precise_search !== 'name'
  ) {
    return { ok: false, message: `precise_search only supports "name", got "${filter.precise_search}"` };
  }
  const exactName = filter.precise_search === 'name';
  const matches = [...items].filter(
    (k) =>
      (filter.id === undefined || k.id === filter.id) &&
      (filter.name === undefined || (exactName ? k.name === filter.name : contains(k.name, filter.name))),
  );
  return { ok: true, value: matches };
}
