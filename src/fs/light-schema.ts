// A few schema checks in zod's shape (`safeParse` → success and data, or issues with a path), for
// the state files that fast commands read: `procform status` and `--help` must answer in well under
// 200 ms, and importing zod alone costs 40 to 100 ms on this project's machines. Written by hand
// because it is small and only checks shapes; anything richer (models) stays with zod.

export interface Issue {
  path: PropertyKey[];
  message: string;
}

export type SafeParse<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

/** What state-file.ts needs of a schema: zod's schemas and these both fit. */
export interface SchemaLike<T> {
  safeParse(value: unknown): SafeParse<T>;
}

type Check = (value: unknown, path: PropertyKey[]) => Issue | null;

/** A light schema: a check and, like zod, `safeParse`. */
export interface Light<T> extends SchemaLike<T> {
  check: Check;
  /** Phantom type holder. */
  readonly type?: T;
}

function light<T>(check: Check): Light<T> {
  return {
    check,
    safeParse: (value) => {
      const issue = check(value, []);
      return issue === null ? { success: true, data: value as T } : { success: false, error: { issues: [issue] } };
    },
  };
}

const typeCheck = <T>(expected: string, test: (value: unknown) => boolean): Light<T> =>
  light((value, path) => (test(value) ? null : { path, message: `expected ${expected}, got ${describe(value)}` }));

export const string = (): Light<string> => typeCheck('a string', (value) => typeof value === 'string');
export const absolutePath = (): Light<string> => typeCheck('an absolute path', (value) => typeof value === 'string' && value.startsWith('/'));
export const number = (): Light<number> => typeCheck('a number', (value) => typeof value === 'number' && Number.isFinite(value));
export const integer = (): Light<number> => typeCheck('an integer', (value) => Number.isInteger(value));
export const boolean = (): Light<boolean> => typeCheck('a boolean', (value) => typeof value === 'boolean');
export const literal = <T extends string | number | boolean>(expected: T): Light<T> => typeCheck(JSON.stringify(expected), (value) => value === expected);

export function oneOf<const T extends readonly string[]>(values: T): Light<T[number]> {
  return typeCheck(`one of ${values.map((value) => JSON.stringify(value)).join(', ')}`, (value) => values.includes(value as string));
}

export function optional<T>(inner: Light<T>): Light<T | undefined> {
  return light((value, path) => (value === undefined ? null : inner.check(value, path)));
}

export function nullable<T>(inner: Light<T>): Light<T | null> {
  return light((value, path) => (value === null ? null : inner.check(value, path)));
}

export function array<T>(item: Light<T>): Light<T[]> {
  return light((value, path) => {
    if (!Array.isArray(value)) return { path, message: `expected an array, got ${describe(value)}` };
    for (const [index, element] of value.entries()) {
      const issue = item.check(element, [...path, index]);
      if (issue) return issue;
    }
    return null;
  });
}

export function record<T>(item: Light<T>): Light<Record<string, T>> {
  return light((value, path) => {
    if (!isObject(value)) return { path, message: `expected an object, got ${describe(value)}` };
    for (const [key, element] of Object.entries(value)) {
      const issue = item.check(element, [...path, key]);
      if (issue) return issue;
    }
    return null;
  });
}

/** An object with at least these properties (others pass through, as zod's looseObject). */
export function looseObject<T>(shape: Record<string, Light<unknown>>): Light<T> {
  return light((value, path) => {
    if (!isObject(value)) return { path, message: `expected an object, got ${describe(value)}` };
    for (const [key, property] of Object.entries(shape)) {
      const issue = property.check((value as Record<string, unknown>)[key], [...path, key]);
      if (issue) return issue;
    }
    return null;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
