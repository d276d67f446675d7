import { buildSchema, DocumentNode, ExecutionArgs, getVariableValues, GraphQLError, Kind, OperationDefinitionNode, parse } from 'graphql';
import { useVariableErrorCodes } from './error-codes';
import { useSharedSubscriptions } from './shared-subscriptions';

const schema = buildSchema(`
  type Query { ok: Boolean }
  input StageChangeFilter { serviceCode: String, applicationId: ID }
  type StageChange { cursor: String! }
  type Subscription { stageChanged(after: String, filter: StageChangeFilter): StageChange }
`);

type Subscribe = (args: ExecutionArgs) => unknown;

/** The router as the gateway meets it: it refuses variables that do not coerce by throwing GraphQL's own, uncoded errors. */
const router: Subscribe = async (args) => {
  const operation = args.document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (coerced.errors) throw coerced.errors.length === 1 ? coerced.errors[0] : new AggregateError(coerced.errors);
  return (async function* () { /* no events */ })();
};


const argsFor = (document: DocumentNode, variableValues: Record<string, unknown>): ExecutionArgs => ({
  schema, document, variableValues,
  contextValue: { jwt: { payload: { sub: 'u1', role: 'admin' } } },
});

/** What a subscriber is told first: the errors of the first answer, or what its stream throws. */
async function firstErrors(answer: unknown): Promise<{ message: string; code: unknown; field: unknown }[]> {
  let errors: readonly GraphQLError[] | undefined;
  const settled = await answer as { errors?: readonly GraphQLError[] } & Partial<AsyncIterable<{ errors?: readonly GraphQLError[] }>>;
  if (settled && typeof settled[Symbol.asyncIterator] === 'function') {
    const events = settled[Symbol.asyncIterator]!();
    try {
      errors = (await events.next()).value?.errors;
    } catch (error) {
      errors = [error as GraphQLError];
    } finally {
      await events.return?.();
    }
  } else errors = settled?.errors;
  return (errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code, field: e.extensions?.field }));
}

describe('a shared subscription whose variables do not coerce', () => {
  const document = parse('subscription($v0: String, $v1: StageChangeFilter) { stageChanged(after: $v0, filter: $v1) { cursor } }');
  // onSubscribe is given the operation's args too; the shared plugin reads who subscribes from them
  const subscribe = (variables: Record<string, unknown>) => {
    const args = argsFor(document, variables);
    let fn = router;
    for (const plugin of [useSharedSubscriptions(), useVariableErrorCodes()] as unknown as { onSubscribe(payload: unknown): void }[]) {
      plugin.onSubscribe({ args, subscribeFn: fn, setSubscribeFn: (f: Subscribe) => { fn = f; } });
    }
    return fn(args);
  };

  it('is coded BAD_USER_INPUT naming the nested field, as a query is', async () => {
    expect(await firstErrors(subscribe({ v1: { serviceCode: {} } }))).toEqual([
      { message: expect.stringContaining('Variable "$v1" got invalid value {} at "v1.serviceCode"'), code: 'BAD_USER_INPUT', field: 'filter.serviceCode' },
    ]);
  });

  it('is coded for a cursor of the wrong type too (a resuming subscriber)', async () => {
    expect(await firstErrors(subscribe({ v0: 42 }))).toEqual([
      { message: expect.stringContaining('Variable "$v0" got invalid value 42'), code: 'BAD_USER_INPUT', field: 'after' },
    ]);
  });

  it('codes every error when several variables are wrong', async () => {
    const errors = await firstErrors(subscribe({ v0: 42, v1: { applicationId: [] } }));
    expect(errors.map(({ code, field }) => ({ code, field }))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'after' },
      { code: 'BAD_USER_INPUT', field: 'filter.applicationId' },
    ]);
  });

  it('still shares subscribers whose variables do coerce', async () => {
    const shared = useSharedSubscriptions();
    let fn = router;
    const args = argsFor(document, { v1: { serviceCode: 'CRIM' } });
    (shared as unknown as { onSubscribe(payload: unknown): void }).onSubscribe({ args, subscribeFn: fn, setSubscribeFn: (f: Subscribe) => { fn = f; } });
    const first = fn(args) as AsyncIterator<unknown>;
    const second = fn(args) as AsyncIterator<unknown>;
    expect(shared.stats()).toEqual({ executions: 1, subscribers: 2 });
    await first.return?.();
    await second.return?.();
    expect(shared.stats()).toEqual({ executions: 0, subscribers: 0 });
  });
});

/** A source of events that the test feeds by hand. */
function channel() {
  const waiting: ((step: IteratorResult<unknown>) => void)[] = [];
  const queued: unknown[] = [];
  let ended = false;
  const iterator: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]() { return iterator; },
    next: () => (queued.length ? Promise.resolve({ value: queued.shift(), done: false }) : ended ? Promise.resolve({ value: undefined, done: true }) : new Promise((resolve) => waiting.push(resolve))),
    return: async () => { ended = true; for (const w of waiting.splice(0)) w({ value: undefined, done: true }); return { value: undefined, done: true }; },
  };
  return { iterator, push: (value: unknown) => (waiting.length ? waiting.shift()!({ value, done: false }) : queued.push(value)) };
}

describe('a subscriber that resumes after a cursor and joins the shared stream', () => {
  const document = parse('subscription($after: String) { stageChanged(after: $after) { cursor } }');
  const event = (cursor: string) => ({ data: { stageChanged: { cursor } } });
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  /** Feeds the two streams in the order given ('own 6' or 'live 4'), settling after each; answers what the resuming subscriber received. */
  async function resumeAfter(cursor: string, arrivals: string[]): Promise<string[]> {
    const live = channel();
    const own = channel();
    const shared = useSharedSubscriptions();
    const router: Subscribe = (args) => (args.variableValues?.after ? own.iterator : live.iterator);
    const subscribe = (variables: Record<string, unknown>) => {
      const args = argsFor(document, variables);
      let fn = router;
      (shared as unknown as { onSubscribe(payload: unknown): void }).onSubscribe({ args, subscribeFn: fn, setSubscribeFn: (f: Subscribe) => { fn = f; } });
      return fn(args) as AsyncIterableIterator<{ data: { stageChanged: { cursor: string } } }>;
    };
    const follower = subscribe({}); // someone already on the shared stream
    const resuming = subscribe({ after: cursor });
    const received: string[] = [];
    const reading = (async () => { for await (const result of resuming) received.push(result.data.stageChanged.cursor); })();
    await settle();
    for (const arrival of arrivals) {
      const [stream, at] = arrival.split(' ');
      (stream === 'own' ? own : live).push(event(at));
      await settle();
    }
    await resuming.return?.(undefined);
    await follower.return?.(undefined);
    await reading;
    return received;
  }

  it('gets each event once, in order, when the shared stream still brings events up to its cursor', async () => {
    // the shared stream lags the subscriber's own: 4 and 5 reached it through its own stream before it dropped
    expect(await resumeAfter('5', ['own 6', 'live 4', 'live 5', 'live 6', 'own 7', 'live 7', 'live 8'])).toEqual(['6', '7', '8']);
  });

  it('gets each event once when the shared stream brings its cursor and more before the own stream brings anything', async () => {
    expect(await resumeAfter('5', ['live 4', 'live 5', 'live 6', 'live 7', 'own 6', 'own 7', 'live 8'])).toEqual(['6', '7', '8']);
  });

  it('gets each event once when its own stream has gone further than the event where the two meet', async () => {
    expect(await resumeAfter('5', ['own 6', 'own 7', 'own 8', 'live 5', 'live 6', 'live 7', 'live 8', 'live 9'])).toEqual(['6', '7', '8', '9']);
  });
});
