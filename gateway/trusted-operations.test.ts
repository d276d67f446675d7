import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTrustedOperations, trustedDocuments } from './trusted-operations';

const dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));
const manifest = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('the manifest of trusted operations', () => {
  it("reads an object of id → document, or Apollo's persisted query manifest", () => {
    expect([...loadTrustedOperations(manifest('a.json', { services: '{ services { code } }' }))]).toEqual([['services', '{ services { code } }']]);
    expect([...loadTrustedOperations(manifest('b.json', { operations: [{ id: 'h1', body: '{ services { code } }' }] }))]).toEqual([['h1', '{ services { code } }']]);
  });

  it('lists every document that does not parse and every entry that is not an id with a document, at once', () => {
    expect(() => loadTrustedOperations(manifest('c.json', { bad: '{ services {', worse: 42 }))).toThrow(/bad: Syntax Error[\s\S]*"worse" is not a string id/);
  });

  it('refuses an empty manifest', () => {
    expect(() => loadTrustedOperations(manifest('d.json', {}))).toThrow(/at least one operation/);
  });

  it('executes only the ids of the manifest', () => {
    const documents = trustedDocuments(new Map([['services', '{ services { code } }']]));
    expect(documents.getPersistedOperation('services')).toBe('{ services { code } }');
    expect(documents.getPersistedOperation('other')).toBeNull();
    expect(documents.allowArbitraryDocuments).toBe(false);
  });
});
