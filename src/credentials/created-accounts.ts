// The record of the accounts procform created: the only accounts it will ever remove. An account
// that already existed is used as it is and never recorded, so procform never deletes what it did
// not make. One record per deployment, in <libDir>/procform/accounts.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { GroupProperties, UserProperties } from '../model/types.ts';
import { stableJson } from '../store/stable-json.ts';
import { AccountError } from './errors.ts';

/** Accounts procform created, with the properties it created them with. */
export interface CreatedAccounts {
  formatVersion: 1;
  groups: Record<string, GroupProperties>;
  users: Record<string, UserProperties>;
}

export const emptyCreatedAccounts = (): CreatedAccounts => ({ formatVersion: 1, groups: {}, users: {} });

export function createdAccountsFile(libDir: string): string {
  return join(libDir, 'procform', 'accounts.json');
}

export async function readCreatedAccounts(libDir: string): Promise<CreatedAccounts> {
  const file = createdAccountsFile(libDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCreatedAccounts();
    throw error;
  }
  let parsed: Partial<CreatedAccounts>;
  try {
    parsed = JSON.parse(text) as Partial<CreatedAccounts>;
  } catch (error) {
    throw new AccountError(`${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'It records the users and groups procform created; repair it by hand (procform only writes it whole, so a damaged file was edited).',
    });
  }
  return { formatVersion: 1, groups: parsed.groups ?? {}, users: parsed.users ?? {} };
}

/** Written whole and atomically after every change, so that a crash never loses track of an account. */
export async function writeCreatedAccounts(libDir: string, accounts: CreatedAccounts): Promise<void> {
  await writeFileAtomic(createdAccountsFile(libDir), stableJson(accounts));
}
