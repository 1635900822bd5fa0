#!/usr/bin/env node
// The command line. Commands are registered here and loaded only when run; this file is also
// the only place that turns errors into messages and exit codes.
import { Command } from 'commander';
import pc from 'picocolors';
import { PermissionDeniedError, ProcformError } from '../errors.ts';
import { StateFileError } from '../fs/state-file.ts';
import { procformVersion } from '../package-root.ts';
import { registerCommands } from './commands.ts';

/** Exit codes with a meaning of their own (sysexits.h where one fits); docs/deployment.md lists them. */
const exitCodes = { damagedState: 65, unexpected: 70, permissionDenied: 77 } as const;

const program = new Command('procform')
  .description('Declarative process deployment: one TypeScript processes model, many process managers.')
  .version(procformVersion(), '-V, --version', 'print procform\'s version')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(pc.red(text)) });
registerCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  process.exitCode = report(error);
}

function report(thrown: unknown): number {
  const error = permissionProblem(thrown) ?? thrown;
  if (error instanceof ProcformError) {
    process.stderr.write(`${pc.red('error:')} ${error.message}\n`);
    if (error.hint) process.stderr.write(`${pc.dim('hint:')} ${error.hint}\n`);
    if (error instanceof PermissionDeniedError) return exitCodes.permissionDenied;
    if (error instanceof StateFileError) return exitCodes.damagedState;
    return error.processExitCode;
  }
  process.stderr.write(`${pc.red('procform failed unexpectedly:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitCodes.unexpected;
}

/** A file operation refused for lack of permission, wherever it happened, as one clear line instead of a stack trace. */
function permissionProblem(error: unknown): PermissionDeniedError | undefined {
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if ((code !== 'EACCES' && code !== 'EPERM') || path === undefined) return undefined;
  return new PermissionDeniedError(path, syscall === undefined ? 'use' : syscallAction(syscall), { cause: error });
}

function syscallAction(syscall: string): string {
  if (['open', 'read', 'readlink', 'scandir', 'stat', 'lstat', 'access'].includes(syscall)) return 'read';
  if (['mkdir', 'rename', 'unlink', 'rmdir', 'write', 'symlink', 'chmod', 'chown', 'rm'].includes(syscall)) return 'change';
  if (syscall === 'connect') return 'connect to';
  return syscall;
}
