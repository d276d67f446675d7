/** One problem the API (or the validation run before sending) reported, in the hub's terms. */
export interface Problem {
  code?: string;
  /** dotted input path, e.g. input.recipient.iinOrBin */
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('; ') || 'Request failed');
  }

  get code(): string | undefined {
    return this.problems[0]?.code;
  }
}

interface ErrorLike {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown };
}

/** A GraphQL error (from the wire, or a GraphQLError thrown by the shared validation) as a Problem. */
export function problemOf(error: unknown): Problem {
  if (error && typeof error === 'object') {
    const e = error as ErrorLike;
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field : undefined;
    return { code, field, message: typeof e.message === 'string' ? e.message : String(error) };
  }
  return { message: String(error) };
}

/** Whatever was thrown, as Problems to show. */
export function problemsOf(error: unknown): Problem[] {
  if (error instanceof ApiError) return error.problems;
  if (error instanceof TypeError) return [{ code: 'NETWORK', message: error.message }];
  return [problemOf(error)];
}

/** `input.recipient.iinOrBin` → `iinOrBin`: the name the form's error slots go by. */
export function fieldName(path: string | undefined): string | undefined {
  return path ? path.split('.').pop() : undefined;
}
