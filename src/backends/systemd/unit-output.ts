import { readFile } from 'node:fs/promises';

export type UnitOutput = { kind: 'file'; path: string } | { kind: 'journal' };

/** The values a unit file gives a key, in order (keys may repeat); read from the file itself, so overrides count. */
export async function unitValues(unitFile: string, key: string): Promise<string[]> {
  const text = await readFile(unitFile, 'utf8').catch(() => '');
  return [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1]!.trim());
}

/** Where a unit's output goes, so that `procform logs` and `status` honour an override (journal, another file). */
export async function unitOutput(unitFile: string): Promise<UnitOutput> {
  const setting = (await unitValues(unitFile, 'StandardOutput')).at(-1) ?? '';
  const file = /^(?:append|file|truncate):(.+)$/.exec(setting);
  if (file) return { kind: 'file', path: file[1]!.replaceAll('%%', '%') };
  return { kind: 'journal' };
}

/** The targets whose .wants folder should hold the unit (`WantedBy=`; an empty value clears the list, as in systemd). */
export async function unitWantedBy(unitFile: string): Promise<string[]> {
  let targets: string[] = [];
  for (const value of await unitValues(unitFile, 'WantedBy')) targets = value === '' ? [] : [...targets, ...value.split(/\s+/)];
  return [...new Set(targets)];
}
