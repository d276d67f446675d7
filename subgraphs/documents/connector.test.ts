import { ErrorCode } from '../../platform/errors';
import { groupRecords, SourceError } from './connector';
import { DocumentTypeDefinition } from './source.registry';

const IDENTITY: DocumentTypeDefinition = { code: 'IDENTITY', nameRu: 'УДЛ', nameKk: 'ЖКК', source: 'S', records: 'one', cacheSeconds: 0, classification: 'OPEN' };

describe('a source\'s answer', () => {
  it('is grouped by the subjects that were asked for', () => {
    const grouped = groupRecords(IDENTITY, ['900101300126'], [{ subject: '900101300126', number: 'N1' }], 'S');
    expect(grouped.get('900101300126')).toEqual({ number: 'N1' });
  });

  it.each([
    ['a NUL character', { subject: '900101300126', number: 'N\u00001' }],
    ['a lone surrogate', { subject: '900101300126', nested: { name: 'x\ud800' } }],
    ['such text in a list', { subject: '900101300126', aliases: ['ok', 'bad\u0000'] }],
  ])('is malformed when a record holds text the hub cannot store (%s), not the client\'s INVALID_ARGUMENT', (_what, row) => {
    let error: unknown;
    try {
      groupRecords(IDENTITY, ['900101300126'], [row], 'S');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).code).toBe(ErrorCode.SourceMalformed);
  });
});
