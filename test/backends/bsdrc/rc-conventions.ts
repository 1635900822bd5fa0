// A check of FreeBSD's rc.d conventions (rc.subr(8), rcorder(8), the Porter's Handbook's rc.d
// chapter) for scripts that cannot run here: Debian has no rc.subr. Returns the problems found.
import { spawnSync } from 'node:child_process';

/** What rcorder finds in the base system's scripts, which a script may REQUIRE without providing. */
const basePlaceholders = new Set(['FILESYSTEMS', 'NETWORKING', 'SERVERS', 'DAEMON', 'LOGIN', 'netif', 'syslogd', 'ldconfig', 'cleanvar']);
/** rc.subr's per-service variables (rc.subr(8)), and the functions a script names in *_precmd. */
const knownSuffixes = new Set(['enable', 'user', 'group', 'chdir', 'chroot', 'nice', 'flags', 'env', 'env_file', 'fib', 'limits', 'login_class', 'oomprotect', 'umask', 'program', 'prestart']);

export function rcScriptProblems(file: string, text: string, provided: ReadonlySet<string>, rcSubr = '/etc/rc.subr'): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  const index = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
  const syntax = spawnSync('sh', ['-n'], { input: text, encoding: 'utf8' });
  if (syntax.status !== 0) problems.push(`sh -n: ${syntax.stderr.trim()}`);
  if (lines[0] !== '#!/bin/sh') problems.push('does not start with #!/bin/sh');
  const provide = /^# PROVIDE: (.+)$/.exec(lines.find((line) => line.startsWith('# PROVIDE:')) ?? '')?.[1]?.split(' ') ?? [];
  if (provide.length === 0) problems.push('has no # PROVIDE: line');
  for (const word of /^# REQUIRE: (.+)$/.exec(lines.find((line) => line.startsWith('# REQUIRE:')) ?? '')?.[1]?.split(' ') ?? []) {
    if (!provided.has(word) && !basePlaceholders.has(word)) problems.push(`REQUIRE ${word}, which no script PROVIDEs`);
  }
  const sourced = index(new RegExp(`^\\. ${rcSubr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  const nameLine = index(/^name=/);
  const loaded = index(/^load_rc_config \$name$/);
  if (sourced === -1) problems.push(`does not source ${rcSubr}`);
  if (nameLine === -1) problems.push('does not set name=');
  if (loaded === -1) problems.push('does not call load_rc_config $name');
  if (sourced > loaded || nameLine > loaded) problems.push('calls load_rc_config before sourcing rc.subr and setting name');
  const name = /^name=(\S+)$/.exec(lines[nameLine] ?? '')?.[1] ?? '';
  if (name !== file.split('/').at(-1)) problems.push(`name=${name} is not the script's file name`);
  if (!provide.includes(name)) problems.push(`PROVIDE does not include its name ${name}`);
  if (index(new RegExp(`^rcvar=${name}_[A-Za-z0-9_]+$`)) === -1) problems.push(`has no rcvar=${name}_…`);
  if (lines.filter((line) => line.trim() !== '').at(-1) !== 'run_rc_command "$1"') problems.push('does not end with run_rc_command "$1"');
  for (const line of lines) {
    const variable = new RegExp(`^${name}_([A-Za-z0-9_]+)=`).exec(line);
    if (variable && !knownSuffixes.has(variable[1]!)) problems.push(`sets ${name}_${variable[1]}, which rc.subr does not read`);
    const precmd = /^(\w+_precmd)=(\S+)$/.exec(line);
    if (precmd && index(new RegExp(`^${precmd[2]}\\(\\)$`)) === -1) problems.push(`${precmd[1]} names ${precmd[2]}, which is not defined`);
  }
  return problems;
}
