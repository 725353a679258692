import {
  BadRequestException,
  Injectable,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps its @Type metadata here (as @nestjs/mapped-types reads it); the module
// ships no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/**
 * How many fields a body may carry that its DTO does not declare before it is refused without
 * transformation. Below it, validation runs as usual and lists every problem of the body; above
 * it, transforming and validating the extra fields would cost CPU in proportion to what a caller
 * chose to send (100,000 of them take the API's one thread for seconds).
 */
export const MAX_UNKNOWN_FIELDS = 20;

type Dto = abstract new (...args: never[]) => object;
/** Each declared field of a DTO, with the DTO its value is validated as when it is nested. */
type Shape = ReadonlyMap<string, Dto | null>;

const shapes = new WeakMap<Dto, Shape>();

function shapeOf(dto: Dto): Shape {
  let shape = shapes.get(dto);
  if (!shape) {
    const fields = new Map<string, Dto | null>();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false)) {
      const nested =
        m.type === ValidationTypes.NESTED_VALIDATION
          ? (defaultMetadataStorage.findTypeMetadata(dto, m.propertyName)?.typeFunction() as
              Dto | undefined)
          : undefined;
      if (nested) fields.set(m.propertyName, nested);
      else if (!fields.has(m.propertyName)) fields.set(m.propertyName, null);
    }
    shape = fields;
    shapes.set(dto, shape);
  }
  return shape;
}

/**
 * The paths (`portions.3.colour`) of at most `limit` fields of `value` that `dto`, or a DTO
 * nested in it, does not declare. Walks without recursion and stops at the limit, so its cost is
 * bounded by the declared part of the body, not by what was added to it.
 */
export function unknownFields(dto: Dto, value: unknown, limit: number): string[] {
  const found: string[] = [];
  const stack: [Dto, unknown, string][] = [[dto, value, '']];
  while (stack.length > 0 && found.length < limit) {
    const [type, v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      if (path === '') continue;
      v.forEach((item, i) => stack.push([type, item, `${path}.${i}`]));
      continue;
    }
    const shape = shapeOf(type);
    for (const key of Object.keys(v)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!shape.has(key)) {
        found.push(at);
        if (found.length >= limit) break;
        continue;
      }
      const nested = shape.get(key);
      if (nested) stack.push([nested, (v as Record<string, unknown>)[key], at]);
    }
  }
  return found;
}

/**
 * Refuses a body with more than MAX_UNKNOWN_FIELDS undeclared fields before it is transformed,
 * naming the first of them. `describe` words one field's refusal.
 */
export function tooManyUnknownFields(
  dto: Dto,
  value: unknown,
  describe: (path: string) => string,
): string[] | null {
  const found = unknownFields(dto, value, MAX_UNKNOWN_FIELDS + 1);
  if (found.length <= MAX_UNKNOWN_FIELDS) return null;
  return [
    ...found.slice(0, MAX_UNKNOWN_FIELDS).map(describe),
    `more than ${MAX_UNKNOWN_FIELDS} fields that are not accepted: send only the fields this route documents`,
  ];
}

/** Runs before validation on every body and query with a DTO; see MAX_UNKNOWN_FIELDS. */
@Injectable()
export class UnknownFieldsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const dto = metadata.metatype;
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !dto || BUILT_IN.has(dto))
      return value;
    const problems = tooManyUnknownFields(
      dto as Dto,
      value,
      (path) => `property ${path} should not exist`,
    );
    if (problems) throw new BadRequestException(problems);
    return value;
  }
}

const BUILT_IN = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer]);
