import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../kernel/errors';

/** Deeper than any request of ours; refused before a validator recurses into it. */
export const MAX_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What no column can hold faithfully, anywhere in a value: a NUL character (PostgreSQL text
 * refuses it) or an unpaired UTF-16 surrogate (it would be stored as U+FFFD, so the stored text
 * and the hash the audit trail computed over the sent text would disagree); and a `__proto__`
 * field. Walks without recursion and refuses nesting deeper than MAX_DEPTH. Returns a message
 * naming the field.
 */
export function unstorableText(root: unknown, rootName: string): string | null {
  const stack: [unknown, string, number][] = [[root, rootName, 0]];
  while (stack.length > 0) {
    const [value, name, depth] = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return `${name} ${problem}`;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return `${name} is nested more than ${MAX_DEPTH} levels deep`;
      if (Array.isArray(value)) {
        value.forEach((v, i) => stack.push([v, `${name}[${i}]`, depth + 1]));
      } else {
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
          const keyProblem = textProblem(key);
          if (keyProblem) return `A field name in ${name} ${keyProblem}`;
          // JSON.parse makes "__proto__" an own field; refuse it before anything merges it.
          if (key === '__proto__')
            return `${name} has a field named __proto__, which is not accepted`;
          stack.push([
            v,
            depth === 0 && name.startsWith('the ') ? key : `${name}.${key}`,
            depth + 1,
          ]);
        }
      }
    }
  }
  return null;
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000'))
    return 'contains a NUL character (U+0000), which cannot be stored; remove it';
  if (LONE_SURROGATE.test(text))
    return 'contains an unpaired UTF-16 surrogate (half of a character such as an emoji); send well-formed Unicode';
  return null;
}

/**
 * Refuses, with a 400 that names the field, any body, query or path value that could not be
 * stored as sent. Runs before validation, so every route is covered, typed DTO or not.
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const name = metadata.data ?? `the ${metadata.type}`;
    const problem = unstorableText(value, name);
    if (problem) throw new DomainError(ErrorCode.VALIDATION_FAILED, problem);
    return value;
  }
}
