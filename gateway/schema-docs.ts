import { readFileSync } from 'node:fs';
import {
  buildSchema, GraphQLArgument, GraphQLField, GraphQLInputField, GraphQLNamedType, GraphQLSchema,
  isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType,
} from 'graphql';

/**
 * Static documentation of the hub's API, generated from the composed supergraph: every operation
 * and type with its description, arguments and fields, on one page without scripts or anything
 * fetched from elsewhere. The gateway serves it at /docs, in production too, where introspection
 * (and so an explorer's docs) is off. `npm run build` writes the same page to dist/docs/index.html.
 */
export const DOCS_PATH = '/docs';

/** The federation machinery of the supergraph is not part of the API. */
const isInternal = (name: string) => name.startsWith('__') || name.startsWith('join__') || name.startsWith('link__');

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A type reference linked to its entry ("[Stage!]!" → link on Stage). */
const typeRef = (type: { toString(): string }) => escape(type.toString()).replace(/[A-Za-z_][A-Za-z0-9_]*/, (name) => `<a href="#${name}">${name}</a>`);
const description = (text: string | null | undefined) => (text ? `<p>${escape(text)}</p>` : '');
const args = (list: readonly GraphQLArgument[]) => (list.length ? `(${list.map((a) => `${escape(a.name)}: ${typeRef(a.type)}`).join(', ')})` : '');

function fields(list: (GraphQLField<unknown, unknown> | GraphQLInputField)[]): string {
  return `<dl>${list.map((f) => `<dt id="${'args' in f ? '' : 'input-'}${escape(f.name)}"><code>${escape(f.name)}${'args' in f ? args(f.args) : ''}: ${typeRef(f.type)}</code>${f.deprecationReason ? ' <em>deprecated</em>' : ''}</dt><dd>${description(f.description)}</dd>`).join('')}</dl>`;
}

function entry(type: GraphQLNamedType): string {
  let body = '';
  if (isObjectType(type) || isInterfaceType(type)) body = fields(Object.values(type.getFields()));
  else if (isInputObjectType(type)) body = fields(Object.values(type.getFields()));
  else if (isEnumType(type)) body = `<ul>${type.getValues().map((v) => `<li><code>${escape(v.name)}</code>${v.description ? ` – ${escape(v.description)}` : ''}</li>`).join('')}</ul>`;
  else if (isUnionType(type)) body = `<p>one of ${type.getTypes().map((t) => typeRef(t)).join(', ')}</p>`;
  const kind = isObjectType(type) ? 'type' : isInterfaceType(type) ? 'interface' : isInputObjectType(type) ? 'input' : isEnumType(type) ? 'enum' : isUnionType(type) ? 'union' : isScalarType(type) ? 'scalar' : '';
  return `<section id="${escape(type.name)}"><h3>${kind} ${escape(type.name)}</h3>${description(type.description)}${body}</section>`;
}

/** The public schema of a supergraph SDL (its join__/link__ definitions set aside). */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return buildSchema(supergraphSdl, { assumeValidSDL: true });
}

export function renderSchemaDocs(supergraphSdl: string): string {
  const schema = apiSchema(supergraphSdl);
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t): t is NonNullable<typeof t> => !!t);
  const types = Object.values(schema.getTypeMap()).filter((t) => !isInternal(t.name) && !roots.includes(t as never)).sort((a, b) => a.name.localeCompare(b.name));
  const operations = roots.map((root) => `<section id="${root.name}"><h2>${root.name === 'Query' ? 'Queries' : root.name === 'Mutation' ? 'Mutations' : 'Subscriptions'}</h2>${fields(Object.values(root.getFields()))}</section>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Qyzmet Hub API</title><link rel="icon" href="data:,">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}code{font:13px ui-monospace,monospace}dt{margin-top:.6rem}dd p{margin:.2rem 0 0}nav a{margin-right:.8rem}section{border-top:1px solid #ddd;margin-top:1rem}a{color:#0b5394}</style>
</head><body><h1>Qyzmet Hub API</h1>
<p>Generated from the composed supergraph. POST operations to <code>/graphql</code>; subscriptions over graphql-ws on the same path.</p>
<nav>${roots.map((r) => `<a href="#${r.name}">${r.name}</a>`).join('')}<a href="#types">Types</a></nav>
${operations}<h2 id="types">Types</h2>${types.map(entry).join('')}
</body></html>
`;
}

export const renderSchemaDocsFile = (supergraphPath: string) => renderSchemaDocs(readFileSync(supergraphPath, 'utf8'));
