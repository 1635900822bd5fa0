// Shell shared by the database container types: run a client as the database's administrator, and
// run schema files, dropping the new database again when one fails so that the next deploy retries.
import { shellQuote } from '../../shell/quote.ts';

/** Defines `as_admin`: runs a command as the administrator's account unless the ssh user already is it. */
export function asAdministrator(account: string): string {
  return `as_admin() { if [ "$(id -un)" = ${shellQuote(account)} ]; then "$@"; else runuser -u ${shellQuote(account)} -- "$@"; fi; }`;
}

/** Runs a .sql file, or a folder's .sql files in name order, with `client`; on failure runs `undo` and fails. */
export function schemaFiles(files: string | null, client: string, undo: string): string[] {
  if (files === null) return [];
  return [
    `if [ -d ${shellQuote(files)} ]; then set -- ${shellQuote(files)}/*.sql; else set -- ${shellQuote(files)}; fi`,
    'for file in "$@"; do',
    `  [ -e "$file" ] || continue`,
    `  if ! ${client} < "$file"; then ${undo}; echo "schema file $file failed" >&2; exit 1; fi`,
    'done',
  ];
}
