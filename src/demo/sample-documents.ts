import type { RegisterDocument } from '../documents/application/documents.service';

/**
 * Invented records in the shape of 1970s State Department cables, for the demo. They carry no
 * real information.
 */
export const SAMPLE_DOCUMENTS: RegisterDocument[] = [
  {
    documentNumber: '1976STATE900111',
    title: 'FISHERIES TALKS: DELEGATION INSTRUCTIONS',
    documentDate: '1976-03-12',
    originalClassification: 'CONFIDENTIAL',
    captions: [],
    tags: ['EFIS', 'PFOR', 'XX'],
    originator: 'STATE/OES',
    classificationAuthority: 'E.O. 11652: GDS',
    portions: [
      {
        classification: 'UNCLASSIFIED',
        text: 'Delegation will arrive Monday for the second round of fisheries talks.',
      },
      {
        classification: 'CONFIDENTIAL',
        text: 'Delegation may concede the northern zone quota if the other side accepts joint inspection.',
      },
      { classification: 'UNCLASSIFIED', text: 'Press guidance follows by separate telegram.' },
    ],
  },
  {
    documentNumber: '1977STATE900202',
    title: 'GRAIN PURCHASES: EMBASSY ASSESSMENT',
    documentDate: '1977-06-16',
    originalClassification: 'SECRET',
    captions: ['EXDIS'],
    tags: ['EAGR', 'ETRD', 'XX'],
    originator: 'AMEMBASSY MOSCOW',
    classificationAuthority: 'E.O. 11652: XGDS-1',
    portions: [
      {
        classification: 'CONFIDENTIAL',
        text: 'Ministry officials expect this year’s harvest to fall short of plan.',
      },
      {
        classification: 'SECRET',
        text: 'A well-placed source reports purchases will be spread across several traders.',
      },
      {
        classification: 'UNCLASSIFIED',
        text: 'Embassy will report further after the regional visits.',
      },
    ],
  },
  {
    documentNumber: '1978STATE900303',
    title: 'CONSULAR SECTION STAFFING',
    documentDate: '1978-09-01',
    originalClassification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: ['AMGT', 'XX'],
    originator: 'STATE/M',
    portions: [
      {
        classification: 'LIMITED OFFICIAL USE',
        text: 'Two consular positions will be moved from the capital to the northern post.',
      },
      {
        classification: 'UNCLASSIFIED',
        text: 'The change takes effect at the start of the fiscal year.',
      },
    ],
  },
  {
    documentNumber: '1979STATE900404',
    title: 'VISIT OF THE FOREIGN MINISTER: TALKING POINTS',
    documentDate: '1979-02-20',
    originalClassification: 'TOP SECRET',
    captions: ['NODIS'],
    tags: ['OVIP', 'PFOR', 'XX'],
    originator: 'STATE/S',
    portions: [
      {
        classification: 'SECRET',
        text: 'The Secretary should raise the arms-control timetable first.',
      },
      {
        classification: 'TOP SECRET',
        text: 'The President has authorised a fallback position described in the attached paper.',
      },
    ],
  },
];
