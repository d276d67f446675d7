import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { formatAstana, parseAstana, parseLocalDate } from './time';

/** An instant, always written in Astana time with its offset (+05:00 since 2024-03-01, +06:00 before). */
export const AstanaDateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in Astana time with its offset, e.g. 2024-05-02T10:00:00+05:00. Input without an offset is Astana local time.',
  serialize: (value) => formatAstana(value instanceof Date ? value : new Date(value as string)),
  parseValue: (value) => {
    const parsed = typeof value === 'string' ? parseAstana(value) : undefined;
    if (!parsed) throw new GraphQLError(`Not an ISO-8601 time: ${String(value)}`);
    return parsed;
  },
  parseLiteral: (ast) => {
    const parsed = ast.kind === Kind.STRING ? parseAstana(ast.value) : undefined;
    if (!parsed) throw new GraphQLError('Not an ISO-8601 time');
    return parsed;
  },
});

/** A calendar day in Astana, YYYY-MM-DD. */
export const LocalDate = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in Astana, YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    const parsed = typeof value === 'string' ? parseLocalDate(value) : undefined;
    if (!parsed) throw new GraphQLError(`Not a date (YYYY-MM-DD): ${String(value)}`);
    return parsed;
  },
  parseLiteral: (ast) => {
    const parsed = ast.kind === Kind.STRING ? parseLocalDate(ast.value) : undefined;
    if (!parsed) throw new GraphQLError('Not a date (YYYY-MM-DD)');
    return parsed;
  },
});
