import { ApiError } from './api/errors';
import { validateReport, type StageReportWire } from './stage-report';

// The registration form checks what the hub would, before signing: every field at fault at once.

const AKIMAT_BIN = '050140007891';
const problemsOf = (wire: Partial<StageReportWire>, registration = true) => {
  try {
    validateReport({ providerBin: AKIMAT_BIN, stage: 'ACCEPTED', messageId: 'm-1', signature: '', ...wire } as StageReportWire, { registration });
    return [];
  } catch (error) {
    return (error as ApiError).problems.map((p) => `${p.field} ${p.code}`);
  }
};

describe('checking a stage report before it is signed', () => {
  it('names every empty required field of a registration at once, not only the first', () => {
    expect(problemsOf({})).toEqual([
      'input.applicationNumber FIELD_REQUIRED',
      'input.occurredAt FIELD_REQUIRED',
      'input.recipient FIELD_REQUIRED',
      'input.recipient.surname FIELD_REQUIRED',
      'input.recipient.name FIELD_REQUIRED',
      'input.recipient.iinOrBin FIELD_REQUIRED',
      'input.serviceCode FIELD_REQUIRED',
      'input.placeOfAcceptance FIELD_REQUIRED',
      'input.acceptedAt FIELD_REQUIRED',
    ]);
  });

  it('reports a bad IIN and a planned date before acceptance together', () => {
    const problems = problemsOf({
      applicationNumber: 'ARM-1', occurredAt: '2026-09-02T10:00:00+05:00', acceptedAt: '2026-09-02T10:00:00+05:00', serviceCode: 'LAND-PLOT', placeOfAcceptance: 'Акимат',
      recipient: { surname: 'Сейткали', name: 'Айгерим', iinOrBin: '900101300127' }, plannedDate: '2026-09-01',
    });
    expect(problems).toEqual(['input.recipient.iinOrBin INVALID_IIN_BIN', 'input.plannedDate PLANNED_DATE_BEFORE_ACCEPTANCE']);
  });

  it('passes a complete registration', () => {
    expect(problemsOf({
      applicationNumber: 'ARM-1', occurredAt: '2026-09-02T10:00:00+05:00', acceptedAt: '2026-09-02T10:00:00+05:00', serviceCode: 'LAND-PLOT', placeOfAcceptance: 'Акимат',
      recipient: { surname: 'Сейткали', name: 'Айгерим', iinOrBin: '900101300126' },
    })).toEqual([]);
  });
});
