/**
 * The items of a list the API answers. Lists are becoming Relay connections (issue 16: `edges`,
 * a `nodes` shortcut and `pageInfo`); every list the console reads goes through here, so that the
 * change is made in one place. Takes a bare array, `{ nodes }` or `{ edges { node } }`.
 */
export function nodesOf<T>(list: T[] | { nodes?: T[] | null; edges?: { node: T }[] | null } | null | undefined): T[] {
  if (!list) return [];
  if (Array.isArray(list)) return list;
  if (list.nodes) return list.nodes;
  return list.edges?.map((e) => e.node) ?? [];
}
