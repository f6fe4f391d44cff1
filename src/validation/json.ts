/** Small helpers for reading untrusted JSON without `any`. */
import { err, ok, type Result } from '../result';
import type { Problem } from './problem';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Array.isArray without the `any[]` it narrows to. */
export function isArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** "a string", "an array", "null" … for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** Own keys of `object` that are not in `known`. */
export function unknownKeys(object: JsonObject, known: ReadonlySet<string>): string[] {
  return Object.keys(object).filter((key) => !known.has(key));
}

/** JSON.parse as a value: a malformed document is one problem at the root, with the parser's reason. */
export function parseJsonText(text: string): Result<unknown, Problem> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return err({ path: '', message: `malformed JSON: ${reason}` });
  }
}
