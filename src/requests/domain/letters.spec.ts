import { acknowledgment, finalResponse, type LetterContext } from './letters';

const context: LetterContext = {
  office: { name: 'Office of Information Programs', publicLiaison: 'Ms. Roe, 202-555-0100' },
  number: 'M-2027-00007',
  kind: 'MDR',
  requester: { name: 'Jane Doe', organization: 'National Security Archive' },
  receivedOn: '2026-12-01',
  description: 'Cables on SALT',
  track: 'simple',
  dueOn: '2027-12-01',
  date: '2026-12-07',
};

describe('letters', () => {
  it('acknowledges with the number, the track and the due date', () => {
    const text = acknowledgment(context);
    expect(text).toContain('Jane Doe, National Security Archive');
    expect(text).toContain('assigned number M-2027-00007 and placed on our simple track');
    expect(text).toContain('respond by 2027-12-01');
    expect(text).toContain('mandatory declassification review');
  });

  it('lists each record with its exemptions, and an MDR requester’s appeal and ISCAP rights', () => {
    const text = finalResponse(context, {
      determination: 'GRANTED_IN_PART',
      respondedOn: '2026-12-07',
      appealBy: '2027-02-05',
      records: [
        {
          reviewId: 'r1',
          documentId: 'd1',
          documentNumber: '1977STATE000001',
          determination: 'RELEASE_IN_PART',
          exemptions: ['25X1', '25X6'],
        },
        {
          reviewId: 'r2',
          documentId: 'd2',
          documentNumber: '1977STATE000002',
          determination: 'RELEASE_IN_FULL',
          exemptions: [],
        },
      ],
    });
    expect(text).toContain('- 1977STATE000001: released in part, withheld under 25X1, 25X6');
    expect(text).toContain('- 1977STATE000002: released in full');
    expect(text).toContain('within 60 days of the date of this letter, that is by 2027-02-05');
    expect(text).toContain('Interagency Security Classification Appeals Panel');
    expect(text).not.toContain('OGIS');
  });

  it('answers a Glomar request without naming any record, with appeal rights and OGIS for FOIA', () => {
    const text = finalResponse(
      { ...context, kind: 'FOIA' },
      { determination: 'GLOMAR', respondedOn: '2026-12-07', appealBy: '2027-03-07', records: [] },
    );
    expect(text).toContain('neither confirm nor deny');
    expect(text).toContain('within 90 days');
    expect(text).toContain('Office of Government Information Services');
  });
});
