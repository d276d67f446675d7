import { createHash } from 'node:crypto';
import { documentContent } from './document.content';

// the RFC 8785 implementation a recipient of the data would use
// eslint-disable-next-line @typescript-eslint/no-require-imports
const canonicalize = require('canonicalize') as (value: unknown) => string;
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe("a looked-up document's content and hash", () => {
  it('hashes the null fields it keeps: a title without an encumbrance', () => {
    const { data, contentSha256 } = documentContent({ records: [{ cadastralNumber: '21:320:045:118', encumbrance: null }] });
    expect(data).toEqual({ records: [{ cadastralNumber: '21:320:045:118', encumbrance: null }] });
    expect(contentSha256).toBe(sha256Hex('{"records":[{"cadastralNumber":"21:320:045:118","encumbrance":null}]}'));
  });

  it('is reproducible from the data alone, whatever order its fields come in', () => {
    const a = documentContent({ surname: 'Жаксыбеков', name: 'Ерлан', patronymic: null });
    const b = documentContent({ patronymic: null, name: 'Ерлан', surname: 'Жаксыбеков' });
    expect(a.contentSha256).toBe(b.contentSha256);
    expect(a.contentSha256).toBe(sha256Hex(canonicalize(a.data)));
  });

  it('keeps and hashes what JSON holds: a date as its ISO text, an undefined field left out', () => {
    const { data, contentSha256 } = documentContent({ registeredOn: new Date('2024-03-01T00:00:00Z'), note: undefined });
    expect(data).toEqual({ registeredOn: '2024-03-01T00:00:00.000Z' });
    expect(contentSha256).toBe(sha256Hex('{"registeredOn":"2024-03-01T00:00:00.000Z"}'));
  });
});
