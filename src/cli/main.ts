#!/usr/bin/env node
// The command line. Commands are registered here and loaded only when run; this file is also
// the only place that turns errors into messages and exit codes.
import { Command } from 'commander';
import pc from 'picocolors';
import { ProcformError } from '../errors.ts';
import { registerCommands } from './commands.ts';

const program = new Command('procform')
  .description('Declarative process deployment: one TypeScript processes model, many process managers.')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(pc.red(text)) });
registerCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  process.exitCode = report(error);
}

function report(error: unknown): number {
  if (error instanceof ProcformError) {
    process.stderr.write(`${pc.red('error:')} ${error.message}\n`);
    if (error.hint) process.stderr.write(`${pc.dim('hint:')} ${error.hint}\n`);
    return error.processExitCode;
  }
  process.stderr.write(`${pc.red('procform failed unexpectedly:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}
