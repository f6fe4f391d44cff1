/** Small helpers for reading untrusted JSON without `any`. */

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
