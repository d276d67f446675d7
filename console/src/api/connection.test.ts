import { nodesOf } from './connection';

describe('reading a list from the API', () => {
  it('takes a bare list, a page with nodes and a Relay connection alike', () => {
    expect(nodesOf([1, 2])).toEqual([1, 2]);
    expect(nodesOf({ nodes: [1, 2] })).toEqual([1, 2]);
    expect(nodesOf({ edges: [{ node: 1 }, { node: 2 }] })).toEqual([1, 2]);
    expect(nodesOf(null)).toEqual([]);
  });
});
