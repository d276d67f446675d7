import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { AstanaDateTime, LocalDate } from './scalars';

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable", "@external", "@requires"])';

const UNUSED_PUBSUB = {
  publish: () => { throw new Error('Publish through the subgraph\'s own event bus'); },
  subscribe: () => { throw new Error('Subscriptions here define their own subscribe'); },
};

// `never` parameters: each subgraph's reference resolver takes its own reference and context types
type ReferenceResolvers = Record<string, { __resolveReference: (reference: never, context: never, info: never) => unknown }>;

/**
 * type-graphql builds the schema, it is printed with its directives and rebuilt as a federation
 * subgraph. Reference resolvers must be merged INTO the resolvers map given to
 * buildSubgraphSchema: set on the schema afterwards they are silently ignored.
 */
export async function buildFederatedSchema(options: Omit<BuildSchemaOptions, 'skipCheck'>, references: ReferenceResolvers = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    ...options,
    skipCheck: true,
    validate: false,
    // subscriptions here bring their own `subscribe` (PostgreSQL-backed); type-graphql still asks
    // for a pubSub whenever there is a subscription, and this one refuses to be used
    pubSub: options.pubSub ?? UNUSED_PUBSUB,
    scalarsMap: [{ type: Date, scalar: AstanaDateTime }, ...(options.scalarsMap ?? [])],
  });
  const resolvers = createResolversMap(schema) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(references)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  // type-graphql gives each scalar its GraphQLScalarType in the map, which buildSubgraphSchema keeps
  if (schema.getType('DateTime')) resolvers.DateTime = AstanaDateTime;
  if (schema.getType('Date')) resolvers.Date = LocalDate;
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
}
