import { Client, Sink } from 'graphql-ws';
import { ResumingSubscriber, StageChange } from './subscriber';

/** A graphql-ws client that only keeps the subscriptions asked of it, each live until unsubscribed or ended. */
function fakeClient() {
  const subscriptions: { after: unknown; sink: Sink; live: boolean }[] = [];
  const client = {
    subscribe(payload: { variables?: Record<string, unknown> }, sink: Sink) {
      const subscription = { after: payload.variables?.after, sink, live: true };
      subscriptions.push(subscription);
      return () => { subscription.live = false; };
    },
  } as unknown as Client;
  const end = (s: { sink: Sink; live: boolean }) => { s.live = false; s.sink.complete(); };
  return { client, subscriptions, end, live: () => subscriptions.filter((s) => s.live) };
}

const event = (cursor: string): { data: { stageChanged: StageChange } } => ({ data: { stageChanged: { cursor, stage: 'ACCEPTED', application: { id: 'a', number: 'n' } } } });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the resuming subscriber the fault tests use', () => {
  it('keeps one subscription when it is dropped while waiting to resume after its subscription ended', async () => {
    const fake = fakeClient();
    const subscriber = new ResumingSubscriber(fake.client, {}, 20);
    subscriber.start();
    fake.subscriptions[0].sink.next(event('5'));
    fake.end(fake.subscriptions[0]); // the gateway ended it: the subscriber resumes after retryMs
    subscriber.drop(); // and the test drops it before that
    await wait(80);
    subscriber.stop();
    expect(fake.subscriptions.map((s) => s.after)).toEqual([undefined, '5']);
  });

  it('resumes after its last cursor once a subscription ends', async () => {
    const fake = fakeClient();
    const subscriber = new ResumingSubscriber(fake.client, {}, 20);
    subscriber.start();
    fake.subscriptions[0].sink.next(event('7'));
    fake.end(fake.subscriptions[0]);
    await wait(80);
    expect(fake.live().map((s) => s.after)).toEqual(['7']);
    subscriber.stop();
    expect(fake.live()).toEqual([]);
    expect(subscriber.resumed).toBe(1);
  });
});
