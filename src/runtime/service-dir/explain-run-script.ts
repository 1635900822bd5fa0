import type { Capability } from '../../backends/types.ts';
import type { ProcessSpec } from '../../model/types.ts';

/**
 * `--explain` for what a generated start script (run-script.ts, or a oneshot's up) does for an
 * instance: user, accounts, initialize, environment, folder, umask, nice. `script` names it.
 */
export function explainStartScript(spec: ProcessSpec, script: string, manager: string): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  if (spec.user !== null) add('user', 'emulated', `${script} switches to ${spec.user} with its groups (setpriv --init-groups) after initialize`);
  const accounts = [...new Set([...Object.keys(spec.credentials.users), ...Object.keys(spec.credentials.groups)])];
  if (accounts.length > 0) add('credentials', 'emulated', `${manager} creates no accounts: procform's switch creates ${accounts.join(', ')} before services start`);
  if (spec.initialize !== '') add('initialize', 'emulated', `${script} runs it before every start${spec.user === null ? '' : ', as root'}`);
  add('environment', 'native', `${script} exports the variables (PATH included)`);
  if (spec.directory !== null) add('directory', 'native', `${script} changes to ${spec.directory}`);
  if (spec.umask !== null) add('umask', 'native', `${script} sets umask ${spec.umask}`);
  if (spec.nice !== null) add('nice', 'native', `${script} runs it with nice -n ${spec.nice}`);
  return capabilities;
}
