import type { Text, TextPart } from './imported-model.ts';

/**
 * Splits a docker compose value into text and variables, as compose interpolates it: `$$` is a
 * literal `$`; `$VAR` and `${VAR}`; `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, nested in the argument. Returns the string itself when it has no variable, and
 * throws (the message says what is wrong) for a `${` that does not close or a name compose rejects.
 */
export function parseInterpolation(value: string): Text {
  const [parts, end] = parseParts(value, 0, false);
  if (end !== value.length) throw new Error(`unexpected "}" at character ${end + 1}`);
  return parts.every((part) => typeof part === 'string') ? parts.join('') : parts;
}

function parseParts(value: string, start: number, inBraces: boolean): [TextPart[], number] {
  const parts: TextPart[] = [];
  let literal = '';
  let index = start;
  while (index < value.length) {
    const character = value[index]!;
    if (inBraces && character === '}') break;
    if (character !== '$') {
      literal += character;
      index += 1;
      continue;
    }
    const next = value[index + 1];
    if (next === '$') {
      literal += '$';
      index += 2;
      continue;
    }
    if (next === '{') {
      const [variable, end] = parseBraced(value, index + 2);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(variable);
      index = end;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(index + 1))?.[0];
    if (name === undefined) {
      literal += '$';
      index += 1;
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ variable: name, operator: '', argument: '' });
    index += 1 + name.length;
  }
  if (literal) parts.push(literal);
  return [parts, index];
}

function parseBraced(value: string, start: number): [TextPart, number] {
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(start))?.[0];
  if (name === undefined) throw new Error(`"\${" at character ${start - 1} is not followed by a variable name`);
  let index = start + name.length;
  const operator = (['(:-)', '(:\\?)', '(-)', '(\\?)'].map((pattern) => new RegExp(`^${pattern}`).exec(value.slice(index))?.[1]).find(Boolean) ?? '') as
    | ''
    | ':-'
    | '-'
    | ':?'
    | '?';
  index += operator.length;
  const [argumentParts, end] = operator === '' ? [[], index] : parseParts(value, index, true);
  if (value[end] !== '}') throw new Error(`"\${${name}" is not closed with "}"`);
  const argument: Text = argumentParts.every((part) => typeof part === 'string') ? argumentParts.join('') : argumentParts;
  return [{ variable: name, operator, argument }, end + 1];
}

/** The text with its variables taken from `lookup` now (for values needed while importing: counts, ports). */
export function resolveText(text: Text, lookup: (name: string) => string | undefined): string {
  if (typeof text === 'string') return text;
  return text
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = lookup(part.variable);
      const fallback = () => resolveText(part.argument, lookup);
      switch (part.operator) {
        case ':-':
          return value ? value : fallback();
        case '-':
          return value ?? fallback();
        case ':?':
        case '?':
          if (part.operator === ':?' ? !value : value === undefined) throw new Error(`${part.variable}: ${fallback() || 'is not set'}`);
          return value!;
        default:
          return value ?? '';
      }
    })
    .join('');
}
