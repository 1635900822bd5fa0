// cygrunsrv's install arguments, one per line, as upstream's `<service>-cygrunsrvparams` file
// (deployed with `xargs -d '\n' cygrunsrv --install <service> < file`). The program's arguments
// travel as one --args string, quoted for Windows' command-line parsing (windows-quote.ts).
import { InstanceError } from '../../errors.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import type { CygrunsrvParams } from './lower.ts';
import { windowsCommandLine } from './windows-quote.ts';

export function renderCygrunsrv(params: CygrunsrvParams, { spec }: LowerInput): Record<string, RenderedFile> {
  return { [`${params.name}-cygrunsrvparams`]: `${installArguments(params, spec.instance).join('\n')}\n` };
}

export function installArguments(params: CygrunsrvParams, instance: string): string[] {
  const fail = (field: string, message: string): never => {
    throw new InstanceError({ instance, field, message }, { hint: 'The parameters file holds one argument per line: a value cannot span lines.' });
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(params.name)) fail('pkg.overrides.cygrunsrv.name', `"${params.name}" is not a Windows service name procform writes (letters, digits, . _ -)`);
  for (const arg of params.args) if (/[\r\n]/.test(arg)) fail('cygrunsrv --args', `the argument ${JSON.stringify(arg.slice(0, 60))} holds a line break`);
  const tokens = [
    '--path',
    params.path,
    ...(params.args.length === 0 ? [] : ['--args', windowsCommandLine(params.args)]),
    '--disp',
    params.displayName,
    ...(params.description === '' ? [] : ['--desc', params.description.replace(/\s+/g, ' ')]),
    ...(params.type === 'auto' ? [] : ['--type', params.type]),
    ...Object.entries(params.environment).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    ...(params.stdin === null ? [] : ['--stdin', params.stdin]),
    ...(params.stdout === null ? [] : ['--stdout', params.stdout]),
    ...(params.stderr === null ? [] : ['--stderr', params.stderr]),
    ...(params.terminateSignal === 'SIGTERM' ? [] : ['--termsig', params.terminateSignal.replace(/^SIG/, '')]),
    ...(params.terminateOnShutdown ? ['--shutdown'] : []),
    ...params.dependencies.flatMap((dependency) => ['--dep', dependency]),
  ];
  for (const [index, token] of tokens.entries()) {
    if (/[\r\n]/.test(token)) fail(`cygrunsrv ${tokens[index - 1] ?? 'argument'}`, `${JSON.stringify(token.slice(0, 60))} holds a line break`);
  }
  return tokens;
}
