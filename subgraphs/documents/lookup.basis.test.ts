import { applicationRefusal, CitedApplication, consentExpired } from './lookup.basis';

const OPERATOR = '990340001230';
const PROVIDER = '050140007891';
const STRANGER = '121240003216';
const RECIPIENT = '900101300126';
const app: CitedApplication = {
  number: 'QH-2026-0000001', serviceCode: 'LAND-PLOT', recipientIin: RECIPIENT, providerBin: PROVIDER, submittedByBin: OPERATOR,
  closed: false, requiredDocuments: ['IDENTITY', 'REAL_ESTATE_TITLE'],
};
const ask = (over: Partial<{ requesterBin: string; subject: string; documentType: string }> = {}) => ({ requesterBin: OPERATOR, subject: RECIPIENT, documentType: 'IDENTITY', applicationId: 'a-1', ...over });
const codeOf = (a: CitedApplication, q: ReturnType<typeof ask>) => applicationRefusal(a, q)?.code ?? 'ENTITLED';

describe('what an application entitles', () => {
  it('entitles the submitting organisation and the provider to the documents its service requires, about its recipient, while open', () => {
    expect(codeOf(app, ask())).toBe('ENTITLED');
    expect(codeOf(app, ask({ requesterBin: PROVIDER, documentType: 'REAL_ESTATE_TITLE' }))).toBe('ENTITLED');
  });

  it('entitles no other organisation, and says nothing else about the application to it', () => {
    expect(codeOf(app, ask({ requesterBin: STRANGER }))).toBe('APPLICATION_OF_ANOTHER_ORGANISATION');
    expect(codeOf({ ...app, closed: true }, ask({ requesterBin: STRANGER, subject: '850625401118' }))).toBe('APPLICATION_OF_ANOTHER_ORGANISATION');
    expect(applicationRefusal(app, ask({ requesterBin: STRANGER }))!.message).not.toContain(app.number);
  });

  it('gives no operator a basis in a request its provider registered itself', () => {
    expect(codeOf({ ...app, submittedByBin: null }, ask())).toBe('APPLICATION_OF_ANOTHER_ORGANISATION');
  });

  it('refuses another subject, a closed application and a type the service does not require, naming the field', () => {
    expect(applicationRefusal(app, ask({ subject: '850625401118' }))).toMatchObject({ code: 'APPLICATION_OF_ANOTHER_RECIPIENT', field: 'applicationId' });
    expect(applicationRefusal({ ...app, closed: true }, ask())).toMatchObject({ code: 'APPLICATION_CLOSED', field: 'applicationId' });
    expect(applicationRefusal(app, ask({ documentType: 'ADDRESS' }))).toMatchObject({ code: 'DOCUMENT_TYPE_NOT_REQUIRED', field: 'documentType' });
  });
});

describe('how long a consent serves', () => {
  const now = new Date('2026-11-23T10:00:00+05:00');
  const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

  it('serves up to the maximum age, and not a moment longer', () => {
    expect(consentExpired(daysBefore(29), now, 30)).toBe(false);
    expect(consentExpired(daysBefore(30), now, 30)).toBe(false);
    expect(consentExpired(new Date(daysBefore(30).getTime() - 1), now, 30)).toBe(true);
    expect(consentExpired(new Date('2019-03-14T10:00:00+06:00'), now, 30)).toBe(true);
  });

  it('follows the configured maximum', () => {
    expect(consentExpired(daysBefore(8), now, 7)).toBe(true);
    expect(consentExpired(daysBefore(8), now, 90)).toBe(false);
  });
});
