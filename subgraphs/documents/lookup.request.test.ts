import { GraphQLError } from 'graphql';
import { DocumentLookupInput } from './lookup.input';
import { checkLookupRequest, MAX_LOOKUPS_PER_REQUEST, MAX_PURPOSE_LENGTH } from './lookup.request';
import { referenceClassificationRegistry } from './source.registry';

const now = new Date('2026-11-23T10:00:00+05:00');
const registry = referenceClassificationRegistry();
const item = (over: Record<string, unknown> = {}) => ({ documentType: 'ADDRESS', subjectIinBin: '900101300126', consent: { givenAt: '2026-11-23T09:00:00+05:00', signature: 'x' }, ...over });
const request = (over: Partial<DocumentLookupInput> = {}): DocumentLookupInput => ({ requestedAt: '2026-11-23T10:00:00+05:00', purpose: 'Заявление', items: [item()], signature: 'x', ...over });
const batch = (i: number) => `input.items.${i}`;

function refusalOf(input: DocumentLookupInput): { code: unknown; field: unknown } | 'ACCEPTED' {
  try {
    checkLookupRequest(input, registry, batch, now);
    return 'ACCEPTED';
  } catch (error) {
    return { code: (error as GraphQLError).extensions.code, field: (error as GraphQLError).extensions.field };
  }
}

describe('a lookup request checked whole before anything is journalled', () => {
  it('takes a well-formed request, a secret type among its items (refused later on its own, by name)', () => {
    const checked = checkLookupRequest(request({ items: [item(), item({ documentType: 'SECURITY_CLEARANCE' }), item({ documentType: ' security_clearance ' })] }), registry, batch, now);
    expect(checked.items.map((i) => [i.documentType, i.secret, i.type?.code])).toEqual([['ADDRESS', false, 'ADDRESS'], ['SECURITY_CLEARANCE', true, undefined], ['security_clearance', true, undefined]]);
  });

  it('refuses a purpose too long to show, with the field', () => {
    expect(refusalOf(request({ purpose: 'x'.repeat(MAX_PURPOSE_LENGTH + 1) }))).toEqual({ code: 'TEXT_TOO_LONG', field: 'input.purpose' });
    expect(refusalOf(request({ purpose: 'x'.repeat(200 * 1024) }))).toEqual({ code: 'TEXT_TOO_LONG', field: 'input.purpose' });
    expect(refusalOf(request({ purpose: 'x'.repeat(MAX_PURPOSE_LENGTH) }))).toBe('ACCEPTED');
    expect(refusalOf(request({ purpose: '  ' }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.purpose' });
  });

  it('refuses no items, or too many', () => {
    expect(refusalOf(request({ items: [] }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.items' });
    expect(refusalOf(request({ items: Array.from({ length: MAX_LOOKUPS_PER_REQUEST + 1 }, () => item()) }))).toEqual({ code: 'TOO_MANY_LOOKUPS', field: 'input.items' });
  });

  it('refuses an invalid subject or an unknown type in any item, naming the item', () => {
    expect(refusalOf(request({ items: [item(), item({ subjectIinBin: '900101300127' })] }))).toEqual({ code: 'INVALID_IIN_BIN', field: 'input.items.1.subjectIinBin' });
    expect(refusalOf(request({ items: [item(), item({ documentType: 'HOROSCOPE' })] }))).toEqual({ code: 'UNKNOWN_DOCUMENT_TYPE', field: 'input.items.1.documentType' });
    expect(refusalOf(request({ items: [item({ documentType: 'x'.repeat(65) })] }))).toEqual({ code: 'TEXT_TOO_LONG', field: 'input.items.0.documentType' });
  });

  it('refuses a request time that is not a time, or is in the future', () => {
    expect(refusalOf(request({ requestedAt: 'вчера' }))).toEqual({ code: 'INVALID_TIME', field: 'input.requestedAt' });
    expect(refusalOf(request({ requestedAt: '2026-11-23T11:00:00+05:00' }))).toEqual({ code: 'TIME_IN_FUTURE', field: 'input.requestedAt' });
  });
});
