import { createHash } from 'node:crypto';

/**
 * The largest file taken as a cable: the same limit as the API's text bodies. Real exports run
 * to a few hundred kilobytes; anything bigger is something else and is refused before it is read.
 */
export const MAX_CABLE_BYTES = 10 * 1024 * 1024;

export type CableText =
  { ok: true; text: string; warnings: string[] } | { ok: false; reason: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('windows-1252');

/** A file's bytes as cable text: UTF-8 (or, failing that, Windows-1252), never a binary file. */
export function decodeCable(bytes: Uint8Array): CableText {
  if (bytes.length > MAX_CABLE_BYTES) return tooLarge(bytes.length);
  if (bytes.indexOf(0) >= 0) return binary();
  const warnings: string[] = [];
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = LATIN1.decode(bytes);
    warnings.push('the file is not UTF-8: read as Windows-1252 (Latin-1)');
  }
  const checked = checkCableText(text);
  return checked.ok ? { ...checked, warnings: [...warnings, ...checked.warnings] } : checked;
}

/** Text that arrived as a string (an HTTP body): the same checks as a file's. */
export function checkCableText(raw: string): CableText {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return { ok: false, reason: 'the file is empty' };
  if (text.length > MAX_CABLE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_CABLE_BYTES) {
    return tooLarge(Buffer.byteLength(text, 'utf8'));
  }
  if (text.includes('\u0000') || controlShare(text) > 0.05) return binary();
  return { ok: true, text, warnings: [] };
}

/**
 * What identifies a cable's source: sha256 of its text with line endings made `\n`, so the same
 * export saved on Windows or sent over HTTP is recognised as the same file.
 */
export function sourceHashOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}

/** Share of characters no text file holds (controls other than tab, line breaks, form feed). */
function controlShare(text: string): number {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || (c >= 0x7f && c < 0xa0)) {
      controls++;
    }
  }
  return sample.length === 0 ? 0 : controls / sample.length;
}

function tooLarge(bytes: number): CableText {
  return {
    ok: false,
    reason: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; a cable export is at most a few hundred KB, and declass takes files up to ${MAX_CABLE_BYTES / 1024 / 1024} MB`,
  };
}

function binary(): CableText {
  return { ok: false, reason: 'not a text file (binary content)' };
}
