import type { ClusterKind } from './cluster-kinds';
import type { ClusterPort, ListOptions, ObjectOf } from './cluster-port';

/** Page size of full lists: large clusters are read in pages, never in one response. */
export const DEFAULT_PAGE_SIZE = 500;

/** Every object of a kind, page by page (`limit`/`continue`). */
export async function listAll<K extends ClusterKind>(
  port: ClusterPort,
  kind: K,
  options: Omit<ListOptions, 'limit' | 'continue'> & { pageSize?: number } = {},
): Promise<ObjectOf<K>[]> {
  const { pageSize = DEFAULT_PAGE_SIZE, ...rest } = options;
  const items: ObjectOf<K>[] = [];
  let next: string | undefined;
  do {
    const page = await port.list(kind, { ...rest, limit: pageSize, ...(next ? { continue: next } : {}) });
    items.push(...page.items);
    next = page.continue;
  } while (next);
  return items;
}
