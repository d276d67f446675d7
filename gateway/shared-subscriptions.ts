import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { DocumentNode, ExecutionArgs, ExecutionResult, getVariableValues, GraphQLError, Kind, OperationDefinitionNode, print } from 'graphql';
import { ErrorCode } from '../platform/errors';
import { stableStringify } from '../platform/upstream-signature';
import { codedVariableError } from './error-codes';
import { scopeClaims, scopeKey, VisibilityScope, visibilityScope } from '../platform/visibility-scope';

/**
 * Subscription root fields whose subscribers resume after a cursor: the argument that takes it
 * and the field of each event that carries it (the statuses subgraph's stageChanged).
 */
export const RESUMABLE: Record<string, { after: string; cursor: string }> = { stageChanged: { after: 'after', cursor: 'cursor' } };

/** Where the context of a shared execution keeps its scope (read when its upstream requests are signed). */
const SCOPE = 'hubVisibilityScope';

/** Events one subscriber may have waiting before it is ended as too slow (it resumes by cursor). */
const MAX_QUEUED = 10_000;
/** Live events a resuming subscriber holds while catching up before it gives up sharing and follows its own stream. */
const MAX_HELD = 10_000;

type Result = ExecutionResult;
type SubscribeFn = (args: ExecutionArgs) => unknown;

/** What the sharing needs to know of an operation, worked out once per parsed document. */
interface Shape {
  text: string;
  operation: OperationDefinitionNode;
  /** the response key of the root field */
  field: string;
  /** the variable that carries the resume cursor, when it is given by one */
  afterVariable?: string;
  /** the cursor is written into the document: such a subscription is not shared */
  afterLiteral: boolean;
  /** the response key of the event's cursor, when selected at the top of the event */
  cursorKey?: string;
}

const shapes = new WeakMap<DocumentNode, Map<string, Shape | null>>();

function shapeOf(document: DocumentNode, operationName: string | null | undefined): Shape | undefined {
  let byName = shapes.get(document);
  if (!byName) shapes.set(document, (byName = new Map()));
  const name = operationName ?? '';
  if (!byName.has(name)) byName.set(name, computeShape(document, operationName) ?? null);
  return byName.get(name) ?? undefined;
}

function computeShape(document: DocumentNode, operationName: string | null | undefined): Shape | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (operation?.operation !== 'subscription') return undefined;
  const root = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!root || root.kind !== Kind.FIELD) return undefined;
  const shape: Shape = { text: print(document), operation, field: root.alias?.value ?? root.name.value, afterLiteral: false };
  const resumable = RESUMABLE[root.name.value];
  if (!resumable) return shape;
  const after = root.arguments?.find((a) => a.name.value === resumable.after);
  if (after?.value.kind === Kind.VARIABLE) shape.afterVariable = after.value.name.value;
  else if (after && after.value.kind !== Kind.NULL) shape.afterLiteral = true;
  const cursor = root.selectionSet?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === resumable.cursor && !s.directives?.length);
  if (cursor?.kind === Kind.FIELD) shape.cursorKey = cursor.alias?.value ?? cursor.name.value;
  return shape;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<Result> =>
  !!value && typeof (value as AsyncIterable<Result>)[Symbol.asyncIterator] === 'function';

function tooSlow(): Result {
  return { errors: [new GraphQLError('This subscriber fell too far behind; resubscribe with the cursor of the last event received', { extensions: { code: ErrorCode.SubscriberTooSlow } })] };
}

/** One subscriber of a shared execution: the events from when it joined, queued until its socket takes them. */
class Member implements AsyncIterableIterator<Result> {
  private readonly queue: Result[] = [];
  private done = false;
  private error?: { error: unknown };
  private wake?: () => void;

  constructor(private readonly leave: (member: Member) => void) {}

  [Symbol.asyncIterator]() { return this; }

  push(result: Result): void {
    if (this.done) return;
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.push(tooSlow());
      this.done = true;
      this.leave(this);
    } else this.queue.push(result);
    this.wake?.();
  }

  end(last?: Result, error?: { error: unknown }): void {
    if (this.done) return;
    if (last) this.queue.push(last);
    this.error = error;
    this.done = true;
    this.wake?.();
  }

  async next(): Promise<IteratorResult<Result>> {
    for (;;) {
      if (this.queue.length) return { value: this.queue.shift()!, done: false };
      if (this.done) {
        const failed = this.error;
        this.error = undefined;
        if (failed) throw failed.error;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => { this.wake = resolve; });
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<Result>> {
    this.done = true;
    this.queue.length = 0;
    this.error = undefined;
    this.leave(this);
    this.wake?.();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<Result>> {
    await this.return();
    throw error;
  }
}

/**
 * One execution of a subscription (one upstream subscription, one entity fetch per event) whose
 * events go to every member. It ends when its source ends, or when its last member leaves.
 */
class Group {
  readonly members = new Set<Member>();
  private source?: AsyncIterator<Result>;
  private closed = false;

  constructor(private readonly forget: () => void) {}

  start(begin: () => unknown): void {
    void Promise.resolve().then(begin).then(
      (result) => {
        if (!isAsyncIterable(result)) return this.finish(result as Result);
        this.source = result[Symbol.asyncIterator]();
        if (this.closed) return void this.letGo();
        return this.pump();
      },
      (error) => this.finish(undefined, { error }),
    );
  }

  add(): Member {
    const member = new Member((m) => this.leave(m));
    this.members.add(member);
    return member;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const step = await this.source!.next();
        if (step.done || this.closed) break;
        for (const member of this.members) member.push(step.value);
      }
      this.finish();
    } catch (error) {
      this.finish(undefined, { error });
    }
  }

  private finish(last?: Result, error?: { error: unknown }): void {
    this.closed = true;
    this.forget();
    for (const member of this.members) member.end(last, error);
    this.members.clear();
  }

  private leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size || this.closed) return;
    this.closed = true;
    this.forget();
    this.letGo();
  }

  private letGo(): void {
    // not awaited: an upstream iterator may settle its pending next() only after return()
    void Promise.resolve(this.source?.return?.()).catch(() => undefined);
  }
}

/** A set that remembers only its newest `capacity` members. */
class RecentSet {
  private readonly items = new Set<string>();
  constructor(private readonly capacity: number) {}
  add(item: string): void {
    this.items.add(item);
    if (this.items.size > this.capacity) this.items.delete(this.items.values().next().value!);
  }
  has(item: string): boolean { return this.items.has(item); }
  clear(): void { this.items.clear(); }
}

/**
 * A resuming subscriber: its own stream from its cursor (the missed events, then live ones) until
 * that stream and the shared live one have an event in common; from there the shared stream,
 * without the events its own stream already gave. Both streams are the same events in the same
 * order (same selection, filter and scope), so the switch loses and repeats nothing. Should they
 * never meet (the live one ends, or too many live events wait), the subscriber simply stays on
 * its own stream, which is complete by itself.
 */
function resumeThenFollow(own: Promise<unknown>, live: Member, field: string, cursorKey: string): AsyncIterableIterator<Result> {
  let ownIterator: AsyncIterator<Result> | undefined;
  let leaving = false;
  const cursorOf = (result: Result): string | undefined => {
    const event = (result.data as Record<string, unknown> | null | undefined)?.[field] as Record<string, unknown> | null | undefined;
    const cursor = event?.[cursorKey];
    return typeof cursor === 'string' ? cursor : undefined;
  };
  async function* run(): AsyncGenerator<Result> {
    const first = await own;
    if (!isAsyncIterable(first)) {
      void live.return();
      yield first as Result;
      return;
    }
    ownIterator = first[Symbol.asyncIterator]();
    if (leaving) return;
    const held: Result[] = [];
    const heldCursors = new Set<string>();
    const ownSeen = new RecentSet(MAX_HELD);
    let liveOpen = true;
    /** the event both streams have brought: the own stream gave every event up to it */
    let aligned: string | undefined;
    let ownNext = ownIterator.next();
    let liveNext: Promise<IteratorResult<Result>> | undefined = live.next();
    const stopLive = () => { liveOpen = false; liveNext = undefined; held.length = 0; heldCursors.clear(); void live.return(); };
    for (;;) {
      const winner = await Promise.race([
        ownNext.then((step) => ({ from: 'own' as const, step })),
        ...(liveOpen && liveNext ? [liveNext.then((step) => ({ from: 'live' as const, step }), () => ({ from: 'live' as const, step: { done: true, value: undefined } as IteratorResult<Result> }))] : []),
      ]);
      if (winner.from === 'own') {
        if (winner.step.done) return;
        const result = winner.step.value;
        yield result;
        const cursor = cursorOf(result);
        if (cursor !== undefined && liveOpen) {
          ownSeen.add(cursor);
          if (heldCursors.has(cursor)) { aligned = cursor; break; }
        }
        ownNext = ownIterator.next();
        continue;
      }
      if (winner.step.done) { stopLive(); continue; }
      const result = winner.step.value;
      const cursor = cursorOf(result);
      held.push(result);
      if (cursor !== undefined) heldCursors.add(cursor);
      liveNext = undefined;
      if (cursor !== undefined && ownSeen.has(cursor)) { aligned = cursor; break; }
      if (held.length > MAX_HELD) { stopLive(); continue; }
      liveNext = live.next();
    }
    // aligned: let the own stream go, and follow the shared one after the event both brought. What the
    // shared stream held before that event is not all the own stream's: a shared stream that lags
    // still brings events up to the subscriber's cursor, which it had before it resumed. After that
    // event, the shared stream first brings those the own stream has already gone on to, if any
    void Promise.resolve(ownIterator.return?.()).catch(() => undefined);
    let skipping = true;
    const fresh = (result: Result) => {
      const cursor = cursorOf(result);
      if (!skipping || cursor === undefined) return true;
      if (ownSeen.has(cursor)) return false;
      skipping = false;
      ownSeen.clear();
      return true;
    };
    const rest = held.slice(held.findIndex((result) => cursorOf(result) === aligned) + 1);
    held.length = 0;
    for (const result of rest) if (fresh(result)) yield result;
    if (liveNext) {
      const step = await liveNext;
      if (step.done) return;
      if (fresh(step.value)) yield step.value;
    }
    for (;;) {
      const step = await live.next();
      if (step.done) return;
      if (fresh(step.value)) yield step.value;
    }
  }
  async function* released(): AsyncGenerator<Result> {
    try {
      yield* run();
    } finally {
      // whichever way it ended (its own stream refused or over, the shared one over, the subscriber gone)
      void live.return();
      void Promise.resolve(ownIterator?.return?.()).catch(() => undefined);
    }
  }
  const events = released();
  const finish = events.return.bind(events);
  // an async generator takes return() only at a yield: the streams are let go at once instead,
  // so a subscriber that leaves while waiting does not hold them until the next event
  events.return = (value) => {
    leaving = true;
    void live.return();
    void Promise.resolve(ownIterator?.return?.()).catch(() => undefined);
    return finish(value);
  };
  return events;
}

/** What the gateway shares now: executions, and subscribers on them (for tests and metrics). */
export interface SharedSubscriptionStats {
  executions: number;
  subscribers: number;
}

/**
 * Subscriptions executed once per (operation, variables, visibility scope) instead of once per
 * subscriber. A subscriber's own token is verified as before (authentication, expiry ending with
 * TOKEN_EXPIRED, limits); its subscription then joins the execution of its scope, which runs with
 * the scope's claims (platform/visibility-scope.ts) signed in its upstream requests instead of one
 * person's token: one upstream subscription and one entity fetch per event for every subscriber
 * of one role and organisation (or one citizen), each of whom sees exactly what their own token
 * would show. A subscriber resuming after a cursor catches up on its own stream and then joins
 * the shared one (resumeThenFollow).
 *
 * Placed after the authentication plugin and before the stamp and HMAC plugins: its
 * onSubgraphExecute replaces the forwarded payload of a shared execution's requests with the
 * scope's claims, which are then stamped and signed as any payload.
 */
export function useSharedSubscriptions(): GatewayPlugin & { stats(): SharedSubscriptionStats } {
  const groups = new Map<string, Group>();
  const join = (key: string, begin: () => unknown): Member => {
    let group = groups.get(key);
    if (!group) {
      const created = new Group(() => { if (groups.get(key) === created) groups.delete(key); });
      groups.set(key, (group = created));
      created.start(begin);
    }
    return group.add();
  };
  const scoped = (args: ExecutionArgs, scope: VisibilityScope, variableValues = args.variableValues): ExecutionArgs => ({
    ...args,
    variableValues,
    // no person's token in the shared execution (neither verified nor as sent over graphql-ws): its
    // requests carry the scope (onSubgraphExecute)
    contextValue: { ...(args.contextValue as object), jwt: undefined, connectionParams: undefined, [SCOPE]: scope },
  });
  const subscribe = (args: ExecutionArgs, subscribeFn: SubscribeFn, scope: VisibilityScope, shape: Shape): unknown => {
    // refused here, coded as a query's (error-codes.ts), not inside an execution: the router's refusal
    // would come out of a shared stream as a thrown, uncoded error past every plugin's subscribe
    const coerced = getVariableValues(args.schema, shape.operation.variableDefinitions ?? [], args.variableValues ?? {});
    if (coerced.errors) return { errors: coerced.errors.map((error) => codedVariableError(error, args.document)) };
    const variables = { ...(args.variableValues ?? {}) };
    const key = (vars: Record<string, unknown>) => `${shape.text}\n${args.operationName ?? ''}\n${stableStringify(vars)}\n${scopeKey(scope)}`;
    const resuming = shape.afterLiteral || (shape.afterVariable !== undefined && variables[shape.afterVariable] != null);
    if (!resuming) return join(key(variables), () => subscribeFn(scoped(args, scope)));
    // a cursor written into the document, or no cursor selected to switch by: its own stream throughout
    if (shape.afterLiteral || !shape.cursorKey || !shape.afterVariable) return subscribeFn(scoped(args, scope));
    const liveVariables = { ...variables };
    delete liveVariables[shape.afterVariable];
    const live = join(key(liveVariables), () => subscribeFn(scoped(args, scope, liveVariables)));
    return resumeThenFollow(Promise.resolve().then(() => subscribeFn(scoped(args, scope))), live, shape.field, shape.cursorKey);
  };
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }: { args: ExecutionArgs; subscribeFn: SubscribeFn; setSubscribeFn: (fn: SubscribeFn) => void }) {
      const context = args.contextValue as { jwt?: { payload?: Record<string, unknown> } } | undefined;
      // an anonymous subscriber is refused upstream as before, on its own
      const scope = context?.jwt?.payload ? visibilityScope(context.jwt.payload) : undefined;
      if (!scope) return;
      const shape = shapeOf(args.document, args.operationName);
      if (!shape) return;
      setSubscribeFn((a) => subscribe(a, subscribeFn, scope, shape));
    },
    onSubgraphExecute({ executionRequest, setExecutionRequest }: { executionRequest: { context?: Record<string, unknown>; extensions?: Record<string, unknown> }; setExecutionRequest: (request: unknown) => void }) {
      const scope = executionRequest.context?.[SCOPE] as VisibilityScope | undefined;
      if (!scope) return;
      setExecutionRequest({ ...executionRequest, extensions: { ...executionRequest.extensions, jwt: { payload: scopeClaims(scope) } } });
    },
    stats: () => ({ executions: groups.size, subscribers: [...groups.values()].reduce((n, g) => n + g.members.size, 0) }),
  } as unknown as GatewayPlugin & { stats(): SharedSubscriptionStats };
}
