// Apple's XML property list format, written by hand: it is small (dict, array, string, integer,
// real, true/false), and what matters is that every value is written so that a real plist parser
// reads back exactly it (test/backends/launchd checks with Python's plistlib), or refused.

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue | null };

/** Thrown for a value XML cannot carry; `path` names the key (KeepAlive.SuccessfulExit). */
export class PlistValueError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

/** The whole file: a dict at the top. Keys whose value is null are left out (an override removes a key with null). */
export function renderPlist(dict: Record<string, PlistValue | null>): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    ...renderValue(dict, '', ''),
    '</plist>',
    '',
  ].join('\n');
}

function renderValue(value: unknown, path: string, indent: string): string[] {
  if (typeof value === 'string') return [`${indent}<string>${escapeText(value, path)}</string>`];
  if (typeof value === 'boolean') return [`${indent}<${value}/>`];
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PlistValueError(path, `${value} is not a number a property list holds`);
    return [Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}<array/>`];
    return [`${indent}<array>`, ...value.flatMap((item, index) => renderValue(item, `${path}[${index}]`, `${indent}\t`)), `${indent}</array>`];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== null && item !== undefined);
    if (entries.length === 0) return [`${indent}<dict/>`];
    const inner = `${indent}\t`;
    return [
      `${indent}<dict>`,
      ...entries.flatMap(([key, item]) => {
        const keyPath = path === '' ? key : `${path}.${key}`;
        return [`${inner}<key>${escapeText(key, keyPath)}</key>`, ...renderValue(item, keyPath, inner)];
      }),
      `${indent}</dict>`,
    ];
  }
  throw new PlistValueError(path, `has a value a property list cannot hold: ${JSON.stringify(value) ?? String(value)}`);
}

/**
 * XML text: & < > escaped; a carriage return as a character reference, which parsers keep (a bare
 * one they turn into a line feed). Other control characters cannot appear in XML 1.0 at all.
 */
function escapeText(text: string, path: string): string {
  // eslint-disable-next-line no-control-regex
  const invalid = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  if (invalid) {
    throw new PlistValueError(path, `holds the control character U+${invalid[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}, which an XML property list cannot carry`);
  }
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
