/** JSON with object keys sorted at every level: the same value always gives the same bytes. */
export function stableJson(value: unknown): string {
  try {
    return `${write(value)}\n`;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
  }
}

/**
 * What stableJson meant from the start, `JSON.stringify(sortKeys(value), null, 2)`: kept for
 * values that hold an own `toJSON` (JSON.stringify calls it), and to test `write` against.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

const NOT_PLAIN = Symbol('not plain');

/**
 * The same text as sortKeys and JSON.stringify make, with JSON.stringify doing the writing: each
 * object is copied with its keys in order only when JSON.stringify reaches it, one level at a time.
 * A manifest of 500 instances (900 KB) took about twice as long the other way, most of it copying
 * whole trees with Object.fromEntries.
 */
function write(value: unknown): string | undefined {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    // What sortKeys saw: the value itself, not what its toJSON made of it.
    const raw = this[key];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return converted;
    return sortedCopy(raw as Record<string, unknown>);
  }, 2);
}

/** The object's own keys in sorted order (an object built so lists array indices first, as Object.fromEntries does). */
function sortedCopy(object: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(object);
  let sorted = true;
  for (let index = 1; index < keys.length; index++) {
    if (keys[index - 1]! > keys[index]!) {
      sorted = false;
      break;
    }
  }
  if (!sorted) keys.sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (key === 'toJSON' && typeof member === 'function') throw NOT_PLAIN;
    copy[key] = member;
  }
  return copy;
}
