// A lowered program (overrides applied) as supervisord's INI text. Every value is written so that
// supervisord reads back exactly the value in the object (escape.ts); a value it cannot carry is an
// error naming the option, never a silent change.
import { InstanceError } from '../../errors.ts';
import type { ProcessSpec } from '../../model/types.ts';
import { commandLine, environmentLine, iniValue } from './escape.ts';
import type { SupervisordProgram } from './lower.ts';

export function renderProgram(program: SupervisordProgram, spec: ProcessSpec): string {
  const fail = (option: string, message: string, hint?: string): never => {
    throw new InstanceError({ instance: spec.instance, field: `supervisord option "${option}"`, message }, hint === undefined ? {} : { hint });
  };
  const lines = [`; ${spec.description.replace(/\s+/g, ' ')} (procform instance ${spec.instance})`, `[program:${spec.name}]`];
  for (const [option, value] of Object.entries(program)) {
    if (value === undefined || value === null) continue; // an override removes an option by setting it to null
    if (!/^[a-z][a-z0-9_]*$/.test(option)) fail(option, 'is not a supervisord option name');
    lines.push(`${option}=${renderValue(option, value, fail)}`);
  }
  return `${lines.join('\n')}\n`;
}

type Fail = (option: string, message: string, hint?: string) => never;

function renderValue(option: string, value: unknown, fail: Fail): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : fail(option, `${value} is not a number supervisord reads`);
  if (option === 'command' && Array.isArray(value)) {
    const line = commandLine(value.map(String));
    return line ?? fail(option, 'an argument holds a line break, which command= cannot carry', 'Pass it through the model instead: procform moves such arguments into a wrapper script.');
  }
  if (option === 'environment' && typeof value === 'object' && !Array.isArray(value)) {
    const rendered = environmentLine(Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, item]) => [name, String(item)])));
    if ('line' in rendered) return rendered.line;
    return fail(
      option,
      `supervisord cannot carry the value of ${rendered.uncarried.join(', ')} (a line break, both kinds of quotes, a quote at either end, or whitespace before ; or #)`,
      'Set it in the model\'s environment instead: procform exports such values from a wrapper script.',
    );
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(option, item, fail)).join(',');
  if (typeof value === 'string') {
    return iniValue(value) ?? fail(option, `${JSON.stringify(value)} cannot be written in supervisord's format (a line break, whitespace at either end, or whitespace before ; or #)`);
  }
  return fail(option, `has a value supervisord cannot read: ${JSON.stringify(value)}`);
}
