import { createHash } from 'node:crypto';
import type { ConsentKind, FileInput, SubmissionInput } from './submission.input';
import {
  checkAttachment, checkConsentForm, checkLookedUpDocument, checkPayment, checkRequiredDocuments, checkServiceOpen, checkSubmittedFields, ServiceTerms,
} from './submission.rules';
import { refusalOf } from '../../test/support/refusal';

// the input classes carry type-graphql's decorators; the rules need only their shape
const WRITTEN = 'WRITTEN' as ConsentKind;
const SIGNED = 'SIGNED' as ConsentKind;
const NOW = new Date('2024-05-10T12:00:00+05:00');


const file = (text = 'скан'): FileInput => {
  const content = Buffer.from(text);
  return { fileName: 'scan.pdf', mediaType: 'application/pdf', contentBase64: content.toString('base64'), sha256: createHash('sha256').update(content).digest('hex') };
};
const fields = (more: Partial<SubmissionInput> = {}) => ({
  serviceCode: 'CRIM-CERT', recipient: { surname: 'Иванов', name: 'Иван', iinOrBin: '900101300126' }, placeOfAcceptance: 'ЦОН Алматы',
  attachments: [{ documentType: 'IDENTITY', file: file() }], ...more,
});
const service = (more: Partial<ServiceTerms> = {}): ServiceTerms => ({ code: 'CRIM-CERT', active: true, fee: null, requiredDocuments: ['IDENTITY'], ...more });

describe("an operator's submission (ЦОН exchange rules p.6-8)", () => {
  it('names the recipient field that is missing or not an IIN/BIN', () => {
    expect(refusalOf(() => checkSubmittedFields(fields({ recipient: { surname: ' ', name: 'Иван', iinOrBin: '900101300126' } })))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.recipient.surname' });
    expect(refusalOf(() => checkSubmittedFields(fields({ recipient: { surname: 'Иванов', name: 'Иван', iinOrBin: '900101300127' } })))).toEqual({ code: 'INVALID_IIN_BIN', field: 'input.recipient.iinOrBin' });
  });

  it('takes an attachment as a file or as a looked-up document, never both nor neither', () => {
    expect(refusalOf(() => checkAttachment({ documentType: 'IDENTITY' }, 'input.attachments.0'))).toEqual({ code: 'ATTACHMENT_INVALID', field: 'input.attachments.0' });
    expect(refusalOf(() => checkAttachment({ documentType: 'IDENTITY', file: file(), documentId: 'x' }, 'input.attachments.0'))).toEqual({ code: 'ATTACHMENT_INVALID', field: 'input.attachments.0' });
    expect(refusalOf(() => checkAttachment({ documentType: 'ADDRESS', documentId: 'x' }, 'input.attachments.0'))).toBe('ACCEPTED');
  });

  it('refuses a file whose bytes do not hash to the SHA-256 given', () => {
    expect(refusalOf(() => checkSubmittedFields(fields({ attachments: [{ documentType: 'IDENTITY', file: { ...file(), sha256: '0'.repeat(64) } }] }))))
      .toEqual({ code: 'ATTACHMENT_HASH_MISMATCH', field: 'input.attachments.0.file.sha256' });
  });

  it('never takes a state secret as an attachment (exchange rules p.2)', () => {
    expect(refusalOf(() => checkAttachment({ documentType: 'security_clearance', file: file() }, 'input.attachments.1'))).toEqual({ code: 'DOCUMENT_CLASSIFIED', field: 'input.attachments.1.documentType' });
  });
});

describe('the service applied for', () => {
  it('must be in the catalogue and still provided', () => {
    expect(refusalOf(() => checkServiceOpen(null, 'NOPE'))).toEqual({ code: 'UNKNOWN_SERVICE', field: 'input.serviceCode' });
    expect(refusalOf(() => checkServiceOpen(service({ active: false }), 'CRIM-CERT'))).toEqual({ code: 'SERVICE_INACTIVE', field: 'input.serviceCode' });
  });

  it('requires every document its standard lists among the attachments', () => {
    expect(refusalOf(() => checkRequiredDocuments(service({ requiredDocuments: ['IDENTITY', 'ADDRESS'] }), [{ documentType: 'IDENTITY' }]))).toEqual({ code: 'REQUIRED_DOCUMENT_MISSING', field: 'input.attachments' });
    expect(refusalOf(() => checkRequiredDocuments(service({ requiredDocuments: ['IDENTITY'] }), [{ documentType: 'IDENTITY' }, { documentType: 'ADDRESS' }]))).toBe('ACCEPTED');
  });
});

describe('the payment of a paid service', () => {
  const paid = service({ fee: '2162.50' });
  const receipt = (amount: number) => ({ paymentId: 'P-1', amount, paidAt: '2024-05-10T11:00:00+05:00' });

  it('takes the receipt for exactly the fee, whatever its decimals', () => {
    expect(checkPayment(paid, receipt(2162.5), NOW)).toEqual({ paymentId: 'P-1', amount: 2162.5, paidAt: new Date('2024-05-10T06:00:00Z') });
  });

  it('refuses a receipt for another amount', () => {
    expect(refusalOf(() => checkPayment(paid, receipt(2162.49), NOW))).toEqual({ code: 'PAYMENT_AMOUNT_MISMATCH', field: 'input.payment.amount' });
  });

  it('requires the receipt of a paid service and refuses one for a free service', () => {
    expect(refusalOf(() => checkPayment(paid, undefined, NOW))).toEqual({ code: 'PAYMENT_REQUIRED', field: 'input.payment' });
    expect(refusalOf(() => checkPayment(service(), receipt(100), NOW))).toEqual({ code: 'PAYMENT_NOT_EXPECTED', field: 'input.payment' });
  });
});

describe("the recipient's consent (ЦОН exchange rules p.11)", () => {
  it('is required', () => {
    expect(refusalOf(() => checkConsentForm(undefined, NOW))).toEqual({ code: 'CONSENT_REQUIRED', field: 'input.consent' });
  });

  it('comes, when written, with its scan', () => {
    expect(refusalOf(() => checkConsentForm({ kind: WRITTEN, givenAt: '2024-05-10T11:00:00+05:00' }, NOW))).toEqual({ code: 'CONSENT_REQUIRED', field: 'input.consent.scan' });
    expect(refusalOf(() => checkConsentForm({ kind: WRITTEN, givenAt: '2024-05-10T11:00:00+05:00', scan: file() }, NOW))).toBe('ACCEPTED');
  });

  it("comes, when signed, with the recipient's signature", () => {
    expect(refusalOf(() => checkConsentForm({ kind: SIGNED, givenAt: '2024-05-10T11:00:00+05:00' }, NOW))).toEqual({ code: 'CONSENT_REQUIRED', field: 'input.consent.signature' });
  });

  it('cannot be given in the future', () => {
    expect(refusalOf(() => checkConsentForm({ kind: SIGNED, givenAt: '2024-05-11T11:00:00+05:00', signature: 'cms' }, NOW))).toEqual({ code: 'TIME_IN_FUTURE', field: 'input.consent.givenAt' });
  });
});

describe('a looked-up document attached', () => {
  const doc = { documentType: 'ADDRESS', subjectIin: '900101300126', lookedUpByBin: '050140007891' };
  const attached = { documentType: 'ADDRESS', documentId: 'd-1' };
  const check = (d: typeof doc | null, a = attached) => () => checkLookedUpDocument(d, a, '900101300126', '050140007891', 'input.attachments.0.documentId');

  it("is one the operator's own organisation looked up", () => {
    expect(refusalOf(check({ ...doc, lookedUpByBin: '010840004568' }))).toEqual({ code: 'DOCUMENT_NOT_FOUND', field: 'input.attachments.0.documentId' });
    expect(refusalOf(check(null))).toEqual({ code: 'DOCUMENT_NOT_FOUND', field: 'input.attachments.0.documentId' });
  });

  it('is of the type it is attached as', () => {
    expect(refusalOf(check(doc, { ...attached, documentType: 'IDENTITY' }))).toEqual({ code: 'DOCUMENT_TYPE_MISMATCH', field: 'input.attachments.0.documentId' });
  });

  it('is about the recipient', () => {
    expect(refusalOf(check({ ...doc, subjectIin: '850625401118' }))).toEqual({ code: 'DOCUMENT_OF_ANOTHER_SUBJECT', field: 'input.attachments.0.documentId' });
    expect(refusalOf(check(doc))).toBe('ACCEPTED');
  });
});
