import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { Random } from './random';

/**
 * Random operations built from the supergraph: any root field, with arguments that are valid,
 * on a boundary, or malformed (huge strings, NUL bytes, lone surrogates, out-of-range numbers, bad
 * ids and cursors, wrong JSON types, missing or unknown input fields), and a random selection.
 */

/** How an operation's argument values are chosen. */
export type Mode = 'valid' | 'boundary' | 'malformed';

/** Values that exist in the hub being fuzzed, so that valid arguments reach past the first check. */
export interface Pool {
  ids: string[];
  cursors: string[];
  applicationNumbers: string[];
  iinBins: string[];
  serviceCodes: string[];
  documentTypes: string[];
}

export interface FuzzOperation {
  rootType: 'query' | 'mutation' | 'subscription';
  field: string;
  mode: Mode;
  query: string;
  variables: Record<string, unknown>;
}

const HUGE = 'Ж'.repeat(100_000);
const MALFORMED_STRINGS = [
  '', ' ', HUGE, 'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '9'.repeat(40), '-1', '-9223372036854775809', '1e400',
  "' OR '1'='1' --", '"; DROP TABLE application; --', '%', '%ZZ', '../../../../etc/passwd', '\u202eevil', '<script>alert(1)</script>',
  '$1', '\\x00', 'NaN', 'null', '{"a":1}', '🙂'.repeat(5000),
];
const MALFORMED_IDS = ['not-a-uuid', '0', '-1', '9'.repeat(30), '00000000-0000-0000-0000-00000000000', 'ffffffff-ffff-ffff-ffff-fffffffffffff', 'a\u0000', HUGE];
const MALFORMED_CURSORS = ['abc', '-1', '0', '1.5', '9'.repeat(30), '9223372036854775808', 'bm90IGEgY3Vyc29y', '====', '\u0000', HUGE, '1e3', ' 1'];
const MALFORMED_TIMES = ['2024-13-45T99:99:99', '0000-01-01T00:00:00Z', '275760-09-13T00:00:01Z', '-000001-01-01T00:00:00Z', 'yesterday', '2024-02-30T10:00:00', '9999-12-31T23:59:59+14:00', '1970-01-01T00:00:00Z', HUGE];
const MALFORMED_DATES = ['2024-02-30', '0000-00-00', '99999-01-01', '2024-1-1', '0001-01-01', '9999-12-31', HUGE];
const OUT_OF_RANGE_INTS = [2 ** 31, -(2 ** 31) - 1, 2 ** 53, -1, 1.5, 1e300];
const BOUNDARY_INTS = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 500, 501, 1000];
const WRONG_JSON = [{}, [], 42, true, { nested: { deep: [1, 2, 3] } }, [null], 'text'];

function validIin(random: Random, pool: Pool): string {
  return random.pick(pool.iinBins);
}

/** A valid-looking value for a scalar, guessed from the field's name where the type says little. */
function validScalar(type: string, name: string, random: Random, pool: Pool): unknown {
  const n = name.toLowerCase();
  switch (type) {
    case 'Int': return /first|limit|count|version/.test(n) ? random.int(1, 50) : random.int(0, 100);
    case 'Float': return /amount/.test(n) ? random.pick([0, 2162.5, 100]) : random.next() * 100;
    case 'Boolean': return random.chance(0.5);
    case 'ID': return random.pick([...pool.ids, ...pool.serviceCodes, randomUUID()]);
    case 'DateTime': return random.pick(['2024-05-02T10:00:00+05:00', new Date().toISOString(), '2026-11-23T10:00:00', '2023-12-31T23:00:00+06:00']);
    case 'Date': return random.pick(['2024-05-10', '2026-12-01', '2027-01-15']);
    case 'JSONObject': return { note: 'fuzz', n: random.int(0, 9) };
    default: break;
  }
  if (/cursor|^after$|^before$/.test(n)) return random.pick(pool.cursors.length ? pool.cursors : ['0']);
  if (/iin|bin|subject/.test(n)) return validIin(random, pool);
  if (/month/.test(n)) return random.pick(['2026-10', '2024-05', '2026-11']);
  if (/number/.test(n)) return random.pick(pool.applicationNumbers.length ? pool.applicationNumbers : ['QH-2026-0000001']);
  if (/servicecode/.test(n) || n === 'code') return random.pick(pool.serviceCodes);
  if (/documenttype/.test(n)) return random.pick(pool.documentTypes);
  if (/messageid|correlationid|paymentid/.test(n)) return randomUUID();
  if (/sha256/.test(n)) return 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  if (/base64|signature/.test(n)) return Buffer.from('not really a signature').toString('base64');
  if (/mediatype/.test(n)) return 'application/pdf';
  if (/filename/.test(n)) return 'scan.pdf';
  if (/id$/.test(n)) return random.pick(pool.ids.length ? pool.ids : [randomUUID()]);
  if (/at$|date|from|to/.test(n)) return '2024-05-02T10:00:00+05:00';
  return random.pick(['Сейткали', 'Айгерим', 'ЦОН района Есиль, г. Астана', 'Оказание государственной услуги (fuzz)', 'test']);
}

function malformedScalar(type: string, name: string, random: Random): unknown {
  if (random.chance(0.15)) return random.pick(WRONG_JSON);
  const n = name.toLowerCase();
  switch (type) {
    case 'Int': return random.pick([...OUT_OF_RANGE_INTS, '12']);
    case 'Float': return random.pick([1e308, -1e308, -0.0001, '1.5', 1e-320]);
    case 'Boolean': return random.pick(['true', 1, 'yes']);
    case 'ID': return random.pick(MALFORMED_IDS);
    case 'DateTime': return random.pick(MALFORMED_TIMES);
    case 'Date': return random.pick(MALFORMED_DATES);
    case 'JSONObject': return random.pick([[], 'x', 1, { ['\u0000']: '\u0000' }]);
    default: break;
  }
  if (/cursor|^after$|^before$/.test(n)) return random.pick(MALFORMED_CURSORS);
  if (/id$/.test(n)) return random.pick(MALFORMED_IDS);
  return random.pick(MALFORMED_STRINGS);
}

function boundaryScalar(type: string, name: string, random: Random, pool: Pool): unknown {
  switch (type) {
    case 'Int': return random.pick(BOUNDARY_INTS);
    case 'Float': return random.pick([0, -0, 0.01, 1e9]);
    case 'String': return random.pick(['', ' ', 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(2001), validScalar(type, name, random, pool) as string]);
    case 'ID': return random.pick([randomUUID(), '00000000-0000-0000-0000-000000000000', '1']);
    case 'DateTime': return random.pick(['2024-02-29T23:59:59+06:00', '2024-03-01T00:00:00+05:00', '2030-01-01T00:00:00+05:00', '2000-01-01T00:00:00Z']);
    case 'Date': return random.pick(['2024-02-29', '2026-12-31', '2027-12-31', '2100-01-01']);
    default: return validScalar(type, name, random, pool);
  }
}

export class OperationBuilder {
  private variableDefinitions: string[] = [];
  private variables: Record<string, unknown> = {};

  constructor(private readonly schema: GraphQLSchema, private readonly random: Random, private readonly pool: Pool, private readonly mode: Mode) {}

  /** A value for an input type; in malformed and boundary modes some leaves are bent. */
  value(type: GraphQLInputType, name: string, depth = 0): unknown {
    const r = this.random;
    if (isNonNullType(type)) {
      if (this.mode === 'malformed' && r.chance(0.04)) return null;
      return this.value(type.ofType, name, depth);
    }
    if (this.mode !== 'valid' && r.chance(0.03)) return null;
    if (isListType(type)) {
      if (this.mode === 'malformed' && r.chance(0.1)) return Array.from({ length: r.pick([501, 1001, 5000]) }, () => this.value(type.ofType, name, depth + 1));
      if (this.mode === 'boundary' && r.chance(0.3)) return r.chance(0.5) ? [] : Array.from({ length: r.pick([100, 500]) }, () => this.value(type.ofType, name, depth + 1));
      return Array.from({ length: r.int(0, 3) }, () => this.value(type.ofType, name, depth + 1));
    }
    if (isInputObjectType(type)) return this.inputObject(type, depth);
    if (isEnumType(type)) return this.enumValue(type);
    const scalar = (type as GraphQLNamedType).name;
    const bend = this.mode === 'valid' ? 0 : 0.35;
    if (r.chance(bend)) return this.mode === 'malformed' ? malformedScalar(scalar, name, r) : boundaryScalar(scalar, name, r, this.pool);
    return validScalar(scalar, name, r, this.pool);
  }

  private enumValue(type: GraphQLEnumType): unknown {
    if (this.mode === 'malformed' && this.random.chance(0.2)) return this.random.pick(['NOT_A_VALUE', '', 5, 'closed']);
    return this.random.pick(type.getValues()).name;
  }

  private inputObject(type: GraphQLInputObjectType, depth: number): unknown {
    const r = this.random;
    if (depth > 4) return {};
    const result: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      // optional fields come and go; a required one is left out only to see it refused
      if (!required && !r.chance(0.6)) continue;
      if (required && this.mode === 'malformed' && r.chance(0.05)) continue;
      result[field.name] = this.value(field.type, field.name, depth + 1);
    }
    if (this.mode === 'malformed' && r.chance(0.05)) result.unknownField = 'x';
    return result;
  }

  /** Arguments of a field as variables ($v0, …), declared with the argument's own type (or, malformed, another). */
  private args(args: readonly GraphQLArgument[]): string {
    const r = this.random;
    const parts: string[] = [];
    for (const arg of args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (!required && !r.chance(0.6)) continue;
      if (required && this.mode === 'malformed' && r.chance(0.03)) continue;
      const variable = `v${this.variableDefinitions.length}`;
      const declared = this.mode === 'malformed' && r.chance(0.03) ? r.pick(['String', 'Int!', '[String]', 'Boolean']) : String(arg.type);
      this.variableDefinitions.push(`$${variable}: ${declared}`);
      this.variables[variable] = this.value(arg.type, arg.name);
      parts.push(`${arg.name}: $${variable}`);
    }
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  /** A selection of the type's fields, nested a few levels, each level with at least one field. */
  private selection(type: GraphQLNamedType, depth: number): string {
    const r = this.random;
    if (isLeafType(type)) return '';
    if (isAbstractType(type)) {
      const branches = this.schema.getPossibleTypes(type).slice(0, 3).map((t) => `... on ${t.name} ${this.selection(t, depth + 1)}`);
      return `{ __typename ${branches.join(' ')} }`;
    }
    if (!isObjectType(type)) return '{ __typename }';
    const fields = Object.values((type as GraphQLObjectType).getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const nested = depth < 3 ? fields.filter((f) => !isLeafType(getNamedType(f.type))) : [];
    const chosen = [...r.some(leaves, 0.5), ...r.some(nested, depth === 0 ? 0.5 : 0.25)];
    if (!chosen.length) chosen.push(leaves.length ? r.pick(leaves) : fields[0]);
    const parts = chosen.map((f) => this.fieldSelection(f, depth + 1));
    if (r.chance(0.2)) parts.push('__typename');
    return `{ ${parts.join(' ')} }`;
  }

  private fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string {
    const named = getNamedType(field.type);
    const inner = isLeafType(named) ? '' : ` ${this.selection(named, depth)}`;
    return `${field.name}${this.args(field.args)}${inner}`;
  }

  build(rootType: FuzzOperation['rootType'], field: GraphQLField<unknown, unknown>): FuzzOperation {
    const body = this.fieldSelection(field, 0);
    const definitions = this.variableDefinitions.length ? `(${this.variableDefinitions.join(', ')})` : '';
    return { rootType, field: field.name, mode: this.mode, query: `${rootType} Fuzz${definitions} { ${body} }`, variables: this.variables };
  }
}

/** Documents that are not even well-formed, or ask for what the schema does not have. */
const BROKEN_DOCUMENTS = [
  '{', '}', 'query {', '{ services { code }', 'query Q($x: ) { services { code } }', '{ nope }', '{ services }', '{ services { nope } }',
  'subscription { services { code } }', 'mutation { services { code } }', '{ application }', '{ application(id: 5) { id } }',
  '{ ...F }', 'fragment F on Query { ...F } { ...F }', `{ services { code ${'\u0000'} } }`, `{ "${'x'.repeat(1000)}" }`, '#'.repeat(10_000),
  'query A { services { code } } query A { services { code } }', '{ __type(name: "Query") { fields { name } } }', '',
];

export function brokenDocument(random: Random): FuzzOperation {
  return { rootType: 'query', field: '(document)', mode: 'malformed', query: random.pick(BROKEN_DOCUMENTS), variables: random.chance(0.3) ? { x: random.pick(WRONG_JSON) } : {} };
}

/** One random operation on a random root field. */
export function randomOperation(schema: GraphQLSchema, random: Random, pool: Pool): FuzzOperation {
  if (random.chance(0.03)) return brokenDocument(random);
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ].filter(([, t]) => t) as [FuzzOperation['rootType'], GraphQLObjectType][];
  const weights = { query: 0.55, mutation: 0.4, subscription: 0.05 };
  let roll = random.next();
  let [rootType, type] = roots[0];
  for (const root of roots) {
    roll -= weights[root[0]];
    if (roll < 0) { [rootType, type] = root; break; }
  }
  const mode: Mode = random.pick(['valid', 'valid', 'boundary', 'malformed', 'malformed']);
  const field = random.pick(Object.values(type.getFields()));
  return new OperationBuilder(schema, random, pool, mode).build(rootType, field);
}

/** Every root field once, in each mode: the fuzz run starts with these so that none is missed. */
export function everyRootField(schema: GraphQLSchema, random: Random, pool: Pool): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [rootType, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()], ['subscription', schema.getSubscriptionType()]] as const) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      for (const mode of ['valid', 'boundary', 'malformed'] as const) operations.push(new OperationBuilder(schema, random, pool, mode).build(rootType, field));
    }
  }
  return operations;
}

