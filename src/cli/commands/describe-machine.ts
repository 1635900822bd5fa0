import { describeMachine } from '../../target/machine-description.ts';

export function describeMachineCommand(flags: { json?: boolean }): void {
  const description = describeMachine();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
    return;
  }
  const executables = Object.values(description.executables).reduce((sum, names) => sum + names.length, 0);
  const lines = [
    `hostname:   ${description.hostname}`,
    `system:     ${description.system ?? 'unknown'} (Node ${description.nodeVersion ?? '?'}, procform ${description.procformVersion ?? '?'})`,
    `node:       ${description.node}`,
    `procform:   ${description.procform}`,
    `deploys:    ${description.caller.user}:${description.caller.group}${description.privileged ? ' (privileged)' : ' (unprivileged)'}`,
    `PATH:       ${description.path.join(':')}`,
    `programs:   ${executables} in ${Object.keys(description.executables).length} folders`,
    `accounts:   ${description.users.length} users, ${description.groups.length} groups`,
    '',
    'Save it with --json and build for this machine elsewhere: procform build --target FILE',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
