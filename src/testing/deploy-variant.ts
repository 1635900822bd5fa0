import { ProcformError } from '../errors.ts';
import { shellCommand } from '../shell/quote.ts';
import { describeEnd, lastLines } from './errors.ts';
import type { Machine } from './machine.ts';
import type { Variant } from './types.ts';

/** `procform switch` failed inside the machine. */
export class DeployFailedError extends ProcformError {
  readonly output: string;

  constructor(message: string, output: string) {
    super(message);
    this.output = output;
  }
}

/**
 * Deploys the model with procform's own command line, inside the machine, as the profile's user:
 * exactly what a user would type, so the test covers the real deployment path (build, accounts,
 * the driver starting its manager). Returns the command's output.
 */
export async function deployVariant(machine: Machine, variant: Variant, procformCommand: readonly string[]): Promise<string> {
  const { modelFile, options } = variant.test;
  const readable = await machine.execute(`test -r ${shellCommand([modelFile])}`);
  if (readable.code !== 0) {
    throw new ProcformError(`${variant.id}: the model ${modelFile} is not readable by the ${machine.profile} profile's user inside the machine`, {
      hint: 'Make it and its folders readable by everyone (chmod o+rX), or keep it in the repository.',
    });
  }
  const args = ['switch', '-P', variant.processManager, ...(options.extraParams ? ['--extra-params', JSON.stringify(options.extraParams)] : []), modelFile];
  const command = shellCommand([...procformCommand, ...args]);
  // One stream, so that progress and the error read in the order procform wrote them.
  const outcome = await machine.execute(`${command} 2>&1`);
  if (outcome.code !== 0) {
    const errors = errorBlock(outcome.stdout);
    const summary = errors.length > 0 ? errors.join('\n') : lastLines(outcome.stdout, 8);
    throw new DeployFailedError(`\`procform ${shellCommand(args)}\` ${describeEnd(outcome)}:\n${summary}`, outcome.stdout);
  }
  return outcome.stdout;
}

/**
 * procform's error as it printed it, last: from the `error:` line through the `hint:`, with every
 * line of a message that spans several (the last log lines, where a readiness check says what it
 * waited for; the problems of a model).
 */
export function errorBlock(output: string): string[] {
  const lines = output.trimEnd().split('\n');
  const start = lines.findIndex((line) => line.startsWith('error:'));
  if (start === -1) return [];
  const hint = lines.findIndex((line, index) => index > start && line.startsWith('hint:'));
  return lines.slice(start, hint === -1 ? undefined : hint + 1);
}
