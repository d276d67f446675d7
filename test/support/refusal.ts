import { GraphQLError } from 'graphql';

/** What a rule says of an input: 'ACCEPTED', or the coded refusal and the field it names. */
export function refusalOf(check: () => unknown): { code: unknown; field: unknown } | 'ACCEPTED' {
  try {
    check();
    return 'ACCEPTED';
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { code: error.extensions.code, field: error.extensions.field };
  }
}
