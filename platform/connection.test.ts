import { connectionOf } from './connection';

describe('a page as a connection', () => {
  const items = [{ id: 'a' }, { id: 'b' }];

  it('gives each node its cursor, the nodes alone, and the cursors of the first and last', () => {
    expect(connectionOf(items, (i) => `c-${i.id}`, { hasNextPage: true })).toEqual({
      edges: [{ cursor: 'c-a', node: { id: 'a' } }, { cursor: 'c-b', node: { id: 'b' } }],
      nodes: items,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c-a', endCursor: 'c-b' },
    });
  });

  it('says items come before a page asked for after a cursor', () => {
    expect(connectionOf(items, (i) => i.id, { hasNextPage: false, after: 'x' }).pageInfo.hasPreviousPage).toBe(true);
  });

  it('makes each node from its item, the cursor from the item itself', () => {
    const page = connectionOf([{ seq: '7', text: 'a' }], (r) => r.seq, { hasNextPage: false }, (r) => ({ label: r.text }));
    expect(page.edges).toEqual([{ cursor: '7', node: { label: 'a' } }]);
    expect(page.nodes).toEqual([{ label: 'a' }]);
  });

  it('has no cursors when the page is empty', () => {
    expect(connectionOf([], String, { hasNextPage: false }).pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});
