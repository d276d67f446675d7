import 'reflect-metadata';
import { ClassType, Directive, Field, ObjectType } from 'type-graphql';

/*
 * The one paging shape of every list that pages (Relay's cursor connections, with the `nodes`
 * shortcut GitHub's API offers): `first` and `after` in, `edges { cursor node }`, `nodes` and
 * `pageInfo` out. Each list keeps its own cursors: opaque strings a client passes back as `after`.
 */

@ObjectType({ description: 'Where a page stands in its list (Relay). Lists page forward, with `first` and `after`.' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'More items follow: ask again with `after: endCursor`.' }) hasNextPage: boolean;
  @Field({ description: 'The page was asked for after a cursor, so items come before it.' }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the first item of the page; null when the page is empty.' }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: 'The cursor of the last item of the page; null when the page is empty.' }) endCursor: string | null;
}

export interface Edge<T> { cursor: string; node: T }

export interface Connection<T> { edges: Edge<T>[]; nodes: T[]; pageInfo: PageInfo }

/**
 * The GraphQL types `<name>Connection` and `<name>Edge` of a list of `node`. (type-graphql's
 * generic types: one class pair per list, made once when the module of the list's types loads.)
 */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>, description?: string): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Pass it as `after` to get the items that follow this one.' }) cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionOfNodes {
    @Field(() => [EdgeType]) edges: Edge<T>[];
    @Field(() => [node], { description: 'The nodes of `edges`, without their cursors.' }) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
  }
  return ConnectionOfNodes;
}

/**
 * A page as a connection: its items, each one's cursor, whether more follow, and whether it was
 * asked for after a cursor; `nodeOf` makes the node of an item (a row's view) when they differ.
 */
export function connectionOf<T, N = T>(
  items: readonly T[], cursorOf: (item: T) => string, page: { hasNextPage: boolean; after?: string | null }, nodeOf: (item: T) => N = (item) => item as unknown as N,
): Connection<N> {
  const edges = items.map((item) => ({ cursor: cursorOf(item), node: nodeOf(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.after !== undefined && page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
