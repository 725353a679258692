/**
 * The text the cable reader works on: an export's characters made into clean lines, the message
 * kept apart from its attribute block, and the character tests and small string helpers that the
 * header, the body and the result share. Every test here looks at a character code or a short
 * prefix, so the reader stays linear in the size of its input.
 */
import { startsWithKnownKey } from './attribute-keys';

const END_OF_DOCUMENT = /^<< ?END OF DOCUMENT ?>>$/i;

/**
 * Line ends to `\n`, tabs and no-break spaces to spaces; NUL and other control bytes are
 * dropped (and counted) because they carry no text and break every later step.
 */
export function normalize(input: string): { text: string; removed: number } {
  let removed = 0;
  let chunks: string[] | null = null;
  let from = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 32 && c !== 127 && c !== 0xa0 && c !== 0xfeff) continue;
    if (c === 10) continue;
    chunks ??= [];
    chunks.push(input.slice(from, i));
    from = i + 1;
    if (c === 13) {
      if (input.charCodeAt(i + 1) !== 10) chunks.push('\n');
    } else if (c === 9 || c === 0xa0) {
      chunks.push(' ');
    } else if (c !== 0xfeff) {
      removed++;
    }
  }
  if (chunks === null) return { text: input, removed };
  chunks.push(input.slice(from));
  return { text: chunks.join(''), removed };
}

export function collapse(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.includes('  ') ? trimmed.replace(/ {2,}/g, ' ') : trimmed;
}

/**
 * Separates the message from its attribute block: after `<< END OF DOCUMENT >>`, after a
 * `Message Attributes` heading, or the whole file when it starts with a known key.
 */
export function splitBlock(lines: readonly string[]): {
  message: readonly string[];
  block: readonly string[] | null;
  endSeen: boolean;
} {
  let heading = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > 40) continue;
    const t = line.trim();
    if (END_OF_DOCUMENT.test(t)) {
      return { message: lines.slice(0, i), block: blockOrNull(lines.slice(i + 1)), endSeen: true };
    }
    if (heading < 0 && t.toLowerCase() === 'message attributes') heading = i;
  }
  if (heading >= 0) {
    return {
      message: lines.slice(0, heading),
      block: blockOrNull(lines.slice(heading + 1)),
      endSeen: false,
    };
  }
  for (const line of lines) {
    const t = line.slice(0, 80).trim();
    if (t === '' || t === 'Message Text') continue;
    if (startsWithKnownKey(t)) return { message: [], block: lines, endSeen: false };
    break;
  }
  return { message: lines, block: null, endSeen: false };
}

function blockOrNull(lines: readonly string[]): readonly string[] | null {
  const found = lines.some((l) => {
    const t = l.slice(0, 40).trim().toLowerCase();
    return t !== '' && t !== 'message attributes';
  });
  return found ? lines : null;
}

export function baseName(fileName: string | undefined): string | null {
  if (typeof fileName !== 'string' || fileName === '') return null;
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return fileName.slice(cut + 1);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Characters

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Levels start with T, S, C, L or U; a first-letter test spares twelve prefix checks per line. */
export function mayBeClassification(t: string): boolean {
  const c = t.charCodeAt(0);
  return c === 84 || c === 83 || c === 67 || c === 76 || c === 85;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function hasLetterOrDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLetter(c) || (c >= 48 && c <= 57)) return true;
  }
  return false;
}
