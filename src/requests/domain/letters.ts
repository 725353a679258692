import type { IsoDate } from '../../kernel/calendar-date';
import type { RequestKind, RequestOutcome, Requester, Track } from './request.types';

export const LETTER_KINDS = [
  'ACKNOWLEDGMENT',
  'EXTENSION',
  'TOLL',
  'EXPEDITE_DECISION',
  'FEE_WAIVER_DECISION',
  'FINAL_RESPONSE',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** What every letter needs to know of its request and of the office that sends it. */
export interface LetterContext {
  office: { name: string; publicLiaison: string };
  number: string;
  kind: RequestKind;
  requester: Requester;
  receivedOn: IsoDate;
  description: string;
  track: Track;
  dueOn: IsoDate | null;
  /** The request appealed, for an appeal. */
  appealOf?: { number: string };
  date: IsoDate;
}

const OGIS =
  'You may also contact the Office of Government Information Services (OGIS) at the National Archives and Records Administration, which offers mediation services to FOIA requesters: ogis@nara.gov, 202-741-5770, 877-684-6448.';

const LAW: Record<RequestKind, string> = {
  FOIA: 'the Freedom of Information Act (5 U.S.C. 552)',
  MDR: 'the mandatory declassification review provisions of Executive Order 13526 (section 3.5)',
  APPEAL: 'your right of administrative appeal',
};

function heading(c: LetterContext): string[] {
  return [
    c.office.name,
    '',
    c.date,
    '',
    [c.requester.name, c.requester.organization].filter(Boolean).join(', '),
    ...(c.requester.email ? [c.requester.email] : []),
    '',
    `Re: ${c.appealOf ? `Appeal ${c.number} of request ${c.appealOf.number}` : `Request ${c.number}`}`,
    '',
    `Dear ${c.requester.name}:`,
    '',
  ];
}

function closing(c: LetterContext): string[] {
  return [
    '',
    `If you have questions about this request, please contact our FOIA Public Liaison, ${c.office.publicLiaison}, and cite number ${c.number}.`,
    '',
    'Sincerely,',
    '',
    c.office.name,
  ];
}

export function acknowledgment(c: LetterContext): string {
  const due = c.dueOn ? `We expect to respond by ${c.dueOn}.` : '';
  const expedited =
    c.kind === 'FOIA' && c.track === 'expedited'
      ? ' You asked for expedited processing; we will tell you whether it is granted within ten calendar days of receipt.'
      : '';
  return [
    ...heading(c),
    `This acknowledges receipt on ${c.receivedOn} of your ${c.appealOf ? 'appeal' : 'request'} under ${LAW[c.kind]} for: ${c.description}`,
    '',
    `It has been assigned number ${c.number} and placed on our ${c.track} track. ${due}${expedited}`.trim(),
    ...closing(c),
  ].join('\n');
}

export function extensionNotice(c: LetterContext, reason: string): string {
  return [
    ...heading(c),
    `Unusual circumstances require us to extend the time to respond to your request by ten working days (5 U.S.C. 552(a)(6)(B)(i)): ${reason}`,
    '',
    `We now expect to respond by ${c.dueOn ?? 'a date we will tell you'}.`,
    '',
    'You may narrow the scope of your request so that it can be processed sooner, or agree with us on another time frame (5 U.S.C. 552(a)(6)(B)(ii)). Our FOIA Public Liaison can help you do so.',
    OGIS,
    ...closing(c),
  ].join('\n');
}

export function tollLetter(
  c: LetterContext,
  reason: string,
  basis: 'INFORMATION' | 'FEES',
): string {
  const what =
    basis === 'FEES'
      ? 'We need to clarify with you the fees this request may incur'
      : 'We need more information from you to process this request';
  return [
    ...heading(c),
    `${what}: ${reason}`,
    '',
    'The time we have to respond is suspended from today until we receive your reply (5 U.S.C. 552(a)(6)(A)(ii)). If we do not hear from you, we may close the request.',
    ...closing(c),
  ].join('\n');
}

/** The answer to an ask for expedited processing or a fee waiver, with its reason. */
export function adjudicationLetter(
  c: LetterContext,
  ask: 'expedite' | 'feeWaiver',
  granted: boolean,
  reason: string,
): string {
  const what =
    ask === 'expedite'
      ? 'expedited processing of your request (5 U.S.C. 552(a)(6)(E))'
      : 'a waiver of the fees for your request (5 U.S.C. 552(a)(4)(A)(iii))';
  const then =
    ask === 'expedite'
      ? granted
        ? 'Your request has been placed on our expedited track and will be processed as soon as practicable.'
        : 'Your request will be processed in the order received on our simple track.'
      : granted
        ? 'No fees will be charged for this request.'
        : 'Fees will be charged as your fee category provides; we will tell you before they exceed what you agreed to pay.';
  return [
    ...heading(c),
    `You asked for ${what}. It is ${granted ? 'granted' : 'denied'}: ${reason}`,
    '',
    then,
    ...(granted
      ? []
      : [
          '',
          'You may appeal this decision within 90 days of the date of this letter; cite number ' +
            `${c.number}.`,
        ]),
    ...closing(c),
  ].join('\n');
}

const DETERMINATION_LINE: Record<
  RequestOutcome['records'][number]['determination'] & string,
  string
> = {
  RELEASE_IN_FULL: 'released in full',
  RELEASE_IN_PART: 'released in part',
  DENY_IN_FULL: 'withheld in full',
};

const CLOSING_TEXT: Record<string, string> = {
  NO_RECORDS: 'A search of our records located no records responsive to your request.',
  NOT_REASONABLY_DESCRIBED:
    'Your request does not reasonably describe the records sought (5 U.S.C. 552(a)(3)(A)), so we cannot search for them.',
  WITHDRAWN: 'Your request has been withdrawn, as you asked.',
  FEE_RELATED: 'Your request is closed for a reason related to fees.',
  DUPLICATE: 'Your request duplicates another request of yours, which we are processing.',
  REFERRED:
    'We referred your request to the agency that holds the records, which will answer you directly.',
  GLOMAR:
    'We can neither confirm nor deny the existence or non-existence of records responsive to your request: the fact of their existence or non-existence is itself classified (Executive Order 13526, section 3.6(a)).',
};

export function finalResponse(
  c: LetterContext,
  outcome: RequestOutcome,
  appealOutcome?: string,
): string {
  const body: string[] = [];
  if (outcome.records.length > 0) {
    body.push(
      appealOutcome
        ? `We have reconsidered the records of request ${c.appealOf?.number ?? ''} on your appeal. Outcome: ${appealOutcome.replace('_', ' ').toLowerCase()}.`.replace(
            '  ',
            ' ',
          )
        : `We have completed the processing of your request. Determination: ${outcome.determination.replace(/_/g, ' ').toLowerCase()}.`,
      '',
    );
    for (const r of outcome.records) {
      const how = r.determination ? DETERMINATION_LINE[r.determination] : 'not processed';
      const cited = r.exemptions.length > 0 ? `, withheld under ${r.exemptions.join(', ')}` : '';
      body.push(`- ${r.documentNumber}: ${how}${cited}`);
    }
  } else {
    body.push(
      CLOSING_TEXT[outcome.determination] ?? `Your request is closed: ${outcome.determination}.`,
    );
  }
  if (outcome.note) body.push('', outcome.note);
  if (outcome.appealBy) {
    const to =
      c.kind === 'MDR'
        ? 'within 60 days of the date of this letter'
        : 'within 90 days of the date of this letter';
    body.push(
      '',
      `You may appeal this determination. Your appeal must be received ${to}, that is by ${outcome.appealBy}; cite number ${c.number}.`,
      ...(c.kind === 'MDR'
        ? [
            'If your appeal is denied, or not decided within 180 days, you may appeal to the Interagency Security Classification Appeals Panel (Executive Order 13526, section 5.3).',
          ]
        : []),
    );
  }
  if (c.kind !== 'MDR') body.push('', OGIS);
  return [...heading(c), ...body, ...closing(c)].join('\n');
}
