import { RegisterDocumentDto } from '../../documents/http/document.dto';
import { PagingDto } from './paging.dto';
import { BadRequestException } from '@nestjs/common';
import {
  MAX_UNKNOWN_FIELDS,
  UnknownFieldsPipe,
  tooManyUnknownFields,
  unknownFields,
} from './unknown-fields';

const portion = { text: 'Paragraph.', classification: 'SECRET' };
const document = {
  documentNumber: '1975STATE000001',
  title: 'A cable',
  documentDate: '1975-01-02',
  originalClassification: 'SECRET',
  portions: [portion, portion],
};

describe(unknownFields.name, () => {
  it('finds nothing in a body of declared fields, nested portions included', () => {
    expect(unknownFields(RegisterDocumentDto, document, 10)).toEqual([]);
  });

  it('names undeclared fields at the top and inside a nested portion by their path', () => {
    const body = { ...document, colour: 'red', portions: [portion, { ...portion, note: 1 }] };
    expect(unknownFields(RegisterDocumentDto, body, 10).sort()).toEqual([
      'colour',
      'portions.1.note',
    ]);
  });

  it('reads inherited fields as declared', () => {
    expect(unknownFields(PagingDto, { limit: '5' }, 10)).toEqual([]);
  });

  it('stops at the limit however many undeclared fields there are', () => {
    const extra = Object.fromEntries(Array.from({ length: 198 }, (_, i) => [`k${i}`, i]));
    const body = {
      ...document,
      portions: Array.from({ length: 450 }, () => ({ ...portion, ...extra })),
    };
    expect(unknownFields(RegisterDocumentDto, body, 3)).toHaveLength(3);
  });
});

describe(tooManyUnknownFields.name, () => {
  const describeField = (path: string) => `${path} is unknown`;
  const withExtra = (n: number) => ({
    ...document,
    ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
  });

  it(`leaves up to ${MAX_UNKNOWN_FIELDS} undeclared fields to validation, which lists them all`, () => {
    expect(
      tooManyUnknownFields(RegisterDocumentDto, withExtra(MAX_UNKNOWN_FIELDS), describeField),
    ).toBeNull();
  });

  it('refuses more, naming the first ones and saying what to send', () => {
    const problems = tooManyUnknownFields(
      RegisterDocumentDto,
      withExtra(MAX_UNKNOWN_FIELDS + 1),
      describeField,
    )!;
    expect(problems).toHaveLength(MAX_UNKNOWN_FIELDS + 1);
    expect(problems[0]).toBe('k0 is unknown');
    expect(problems.at(-1)).toBe(
      `more than ${MAX_UNKNOWN_FIELDS} fields that are not accepted: send only the fields this route documents`,
    );
  });
});

describe(UnknownFieldsPipe.name, () => {
  const pipe = new UnknownFieldsPipe();
  const padded = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, '1']));

  it('refuses a padded body and a padded query string with a 400 naming the fields', () => {
    for (const type of ['body', 'query'] as const) {
      let refusal: unknown;
      try {
        pipe.transform(padded, { type, metatype: PagingDto });
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(BadRequestException);
      const { message } = (refusal as BadRequestException).getResponse() as { message: string[] };
      expect(message[0]).toBe('property k0 should not exist');
      expect(message).toHaveLength(MAX_UNKNOWN_FIELDS + 1);
    }
  });

  it('passes a value through untouched when it has few undeclared fields or no DTO', () => {
    const value = { limit: '5', extra: 1 };
    expect(pipe.transform(value, { type: 'query', metatype: PagingDto })).toBe(value);
    expect(pipe.transform(padded, { type: 'body', metatype: Object })).toBe(padded);
    expect(pipe.transform(padded, { type: 'param', metatype: PagingDto })).toBe(padded);
  });
});
