/**
 * Reads a State Department telegram export: the teletype header, the body split into portions,
 * and the "Message Attributes" block. Pure and total: any string gives a result, and whatever is
 * not understood is reported in `warnings` while the text itself stays in `text`.
 *
 * One pass over the lines with a small state machine; every pattern is anchored and applied to
 * short lines only, so time grows linearly with the input (see the 50 MB test).
 *
 * This module walks the lines and the pages; the header's lines are read in
 * `cable-header-reader.ts`, the body's paragraphs in `cable-body.ts`, and `cable-facts.ts` turns
 * what was gathered into the result.
 */
import { readAttributeLines } from './attribute-block';
import { classificationPrefix } from './attribute-values';
import { emptyCable } from './cable-facts';
import {
  BARE_REF,
  DTG,
  PAGE,
  STATION_SERIAL,
  readClassLine,
  stationRef,
  stripRefTrailers,
} from './cable-header';
import { HeaderReader } from './cable-header-reader';
import {
  baseName,
  collapse,
  isUpper,
  mayBeClassification,
  normalize,
  splitBlock,
} from './cable-text';
import type { ParsedCable } from './cable.types';

/** Header lines are teletype lines; anything longer is body text and skips the header patterns. */
const MAX_HEADER_LINE = 300;
const STAMP = /Declassified\/Released US Department of State/;

export function parseCable(text: string, fileName?: string): ParsedCable {
  const file = baseName(fileName);
  try {
    return new CableReader(file).read(typeof text === 'string' ? text : '');
  } catch (error) {
    // An import must not stop on one file: a defect here becomes that file's warning.
    const cable = emptyCable(file);
    cable.warnings.push(
      `the parser failed on this file: ${error instanceof Error ? error.message : String(error)}`,
    );
    return cable;
  }
}

// ---------------------------------------------------------------------------------------------
// The reader

type Zone = 'start' | 'header' | 'body';

class CableReader extends HeaderReader {
  private zone: Zone = 'start';
  private expectRef = false;

  read(input: string): ParsedCable {
    if (input.length === 0) {
      const cable = emptyCable(this.file);
      cable.warnings.push('the file is empty');
      return cable;
    }
    const { text, removed } = normalize(input);
    if (removed > 0) {
      this.notes.add(`removed ${removed} control characters (NUL or other binary bytes)`);
    }
    const lines = text.split('\n');
    const { message, block, endSeen } = splitBlock(lines);
    if (block !== null || endSeen) this.complete = true;
    for (let i = 0; i < message.length; i++) this.line(message[i] ?? '', i, message);
    if (this.complete) this.stripTrailingBanner();
    const attributes = block === null ? null : readAttributeLines(block);
    for (const w of attributes?.warnings ?? []) this.notes.add(w);
    return this.result(attributes);
  }

  // -- lines ----------------------------------------------------------------------------------

  private line(raw: string, index: number, lines: readonly string[]): void {
    const indented = raw.startsWith(' ');
    const t = collapse(raw);
    if (t === '') {
      this.pendingBlank = true;
      if (this.zone === 'header' && (this.step === 'subject' || this.step === 'ref')) {
        this.step = 'afterSubject';
      }
      return;
    }
    if (t.length > MAX_HEADER_LINE) {
      if (this.zone === 'header' && !this.sawDtg && !this.sawClassLine) {
        this.notes.add('the message header ended before its date-time group');
      }
      if (this.zone === 'header') this.zone = 'body';
      this.pushBody(t, indented);
      return;
    }
    if (t === 'Message Text' || t === 'Show Headers') return;
    if (t === 'NNN') {
      this.complete = true;
      this.stripTrailingBanner();
      this.pendingBreak = true;
      this.zone = 'start';
      return;
    }
    if (t.length > 40 && STAMP.test(t)) {
      this.stamp ??= t;
      return;
    }
    const banner = mayBeClassification(t) ? classificationPrefix(t) : null;
    if (banner && (banner.rest === '' || banner.rest === '.')) {
      this.bannerClassification ??= banner.classification;
      this.pendingPage = true;
      return;
    }
    if (this.expectRef) {
      this.expectRef = false;
      if (BARE_REF.test(t)) {
        this.pageRef ??= stationRef(t);
        return;
      }
    }
    const page = t.startsWith('PAGE ') ? PAGE.exec(t) : null;
    if (page && (page[2] === undefined || STATION_SERIAL.test(page[2]))) {
      this.page(Number(page[1]), page[2] ?? '', index, lines);
      return;
    }
    if (this.zone === 'start' && this.opensHeader(t)) this.enterHeader();
    if (this.zone === 'header' && this.headerLine(t, index, lines)) return;
    if (this.zone === 'header') this.zone = 'body';
    this.pushBody(t, indented);
  }

  private page(n: number, rest: string, index: number, lines: readonly string[]): void {
    const ref = rest === '' ? null : stationRef(rest);
    if (ref) this.pageRef ??= ref;
    if (rest === '') this.expectRef = true;
    if (n === 1) {
      this.enterHeader();
      const after = ref
        ? stripRefTrailers(rest.slice(ref.station.length + 1 + ref.serial.length))
        : '';
      if (after !== '' && !this.headerLine(after, index, lines)) this.pushBody(after, false);
      return;
    }
    this.stripTrailingBanner();
    this.pendingPage = true;
  }

  private opensHeader(t: string): boolean {
    // Every opening starts with an upper-case letter followed by one more letter or a space.
    const c1 = t.charCodeAt(1);
    if (!isUpper(t.charCodeAt(0)) || !(isUpper(c1) || c1 === 32)) return false;
    if (
      DTG.test(t) ||
      /^DRAFTED BY\b/.test(t) ||
      /^(?:ORIGIN|ACTION) [A-Z][A-Z/]*-\d{1,2}\b/.test(t)
    ) {
      return true;
    }
    const cls = mayBeClassification(t) ? classificationPrefix(t) : null;
    return cls !== null && cls.rest !== '' && readClassLine(cls.rest) !== null;
  }

  private enterHeader(): void {
    this.headers++;
    if (this.headers === 2) {
      this.notes.add('a second message header was found; the first one is used');
    }
    this.zone = 'header';
    this.step = 'none';
    this.addressed = false;
    this.unknownHeaderLines = 0;
  }
}
