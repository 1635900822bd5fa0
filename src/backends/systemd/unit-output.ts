import { readFile } from 'node:fs/promises';

export type UnitOutput = { kind: 'file'; path: string } | { kind: 'journal' };

/**
 * Where a unit's output goes, read from the unit file itself rather than assumed, so that an
 * override (StandardOutput=journal, another file) is honoured by `procform logs` and `status`.
 */
export async function unitOutput(unitFile: string): Promise<UnitOutput> {
  const text = await readFile(unitFile, 'utf8').catch(() => '');
  const setting = [...text.matchAll(/^StandardOutput=(.*)$/gm)].at(-1)?.[1]?.trim() ?? '';
  const file = /^(?:append|file|truncate):(.+)$/.exec(setting);
  if (file) return { kind: 'file', path: file[1]!.replaceAll('%%', '%') };
  return { kind: 'journal' };
}
