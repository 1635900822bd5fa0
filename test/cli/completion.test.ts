import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/backends/registry.ts';
import { cliPath, expectSuccess, runCli, runCliIn } from '../support/cli.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';
import { tempDir } from '../support/temp-dir.ts';

// The shells find `procform` on PATH, as a user's would: a two-line wrapper around the built CLI.
const binDir = mkdtempSync(join(tmpdir(), 'procform-completion-bin-'));
writeFileSync(join(binDir, 'procform'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} "$@"\n`);
chmodSync(join(binDir, 'procform'), 0o755);
afterAll(() => rmSync(binDir, { recursive: true, force: true }));

/** What bash's completion machinery offers for a command line (the last word being completed). */
function bashComplete(script: string, words: string[], cwd: string): string[] {
  const program = `source ${JSON.stringify(script)}
COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${words.join(' ')}'; COMP_POINT=\${#COMP_LINE}
$(complete -p procform | sed -e 's/.*-F \\([^ ]*\\) .*/\\1/') procform "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '-c', program], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` } })
    .split('\n')
    .filter(Boolean)
    .sort();
}


/** Every process manager of the registry, as completion offers them. */
const processManagers = BACKENDS.map(({ name }) => name).sort();
describe('procform completion', () => {
  it('bash: commands, subcommands, options, process managers from the registry, formats, files', async () => {
    const dir = tempDir();
    const script = join(dir, 'procform.bash');
    writeFileSync(script, expectSuccess(await runCli(['completion', 'bash']), ['completion', 'bash']).stdout);
    expect(execFileSync('bash', ['--norc', '-c', `source ${script}; complete -p procform`], { encoding: 'utf8' })).toContain('-F _procform procform');
    expect(bashComplete(script, ['procform', 'sw'], dir)).toEqual(['switch']);
    expect(bashComplete(script, ['procform', 'i'], dir)).toEqual(['ids', 'image', 'import', 'init-state']);
    expect(bashComplete(script, ['procform', 'ids', ''], dir)).toEqual(['assign']);
    expect(bashComplete(script, ['procform', 'logs', '--ti'], dir)).toEqual(['--timestamps']);
    expect(bashComplete(script, ['procform', 'build', '-P', ''], dir)).toEqual(processManagers);
    expect(bashComplete(script, ['procform', 'import', 'x', '--format', 'pro'], dir)).toEqual(['process-compose', 'procfile']);
    expect(bashComplete(script, ['procform', 'completion', ''], dir)).toEqual(['bash', 'fish', 'zsh']);
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'processes.ts'), '');
    expect(bashComplete(script, ['procform', 'switch', 'models/p'], dir)).toEqual(['models/processes.ts']);
  });

  it('bash: the instance names of the deployment named by --state-dir, after logs and restart', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    const sleeper = "createManagedProcess({ process: 'sleep', args: [3600] })";
    writeFileSync(model, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ webapp1: { pkg: ${sleeper} }, webapp2: { pkg: ${sleeper} }, nginx: { pkg: ${sleeper} } }));\n`);
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    expectSuccess(await runCliIn(state, ['switch', model, '--force-disable-user-change']), ['switch']);
    const script = join(dir, 'procform.bash');
    writeFileSync(script, (await runCli(['completion', 'bash'])).stdout);
    expect(bashComplete(script, ['procform', 'logs', '--state-dir', state, 'web'], dir)).toEqual(['webapp1', 'webapp2']);
    expect(bashComplete(script, ['procform', 'restart', '--state-dir', state, 'webapp1', ''], dir)).toEqual(['nginx', 'webapp1', 'webapp2']);
    // No deployment there: nothing to offer, and no error on the terminal.
    expect(bashComplete(script, ['procform', 'logs', '--state-dir', join(dir, 'none'), ''], dir)).toEqual([]);
    expectSuccess(await runCliIn(state, ['down']), ['down']);
  });

  it('zsh: the same function runs under zsh\'s bashcompinit', async () => {
    const dir = tempDir();
    const script = join(dir, 'procform.zsh');
    writeFileSync(script, expectSuccess(await runCli(['completion', 'zsh']), ['completion', 'zsh']).stdout);
    // As bashcompinit's _bash_complete calls a bash completion function: sh emulation, arrays from 0.
    const program = `source ${JSON.stringify(script)}
emulate -L sh; setopt kshglob noshglob braceexpand ksharrays
COMP_WORDS=(procform build -P s); COMP_CWORD=3
_procform procform s -P
print -l "\${COMPREPLY[@]}"`;
    const offered = execFileSync('zsh', ['-f', '-c', program], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir } });
    // bashcompinit's compgen leaves matching what is typed to compadd, which _bash_complete calls next.
    expect(offered.split('\n').filter(Boolean).sort()).toEqual(processManagers);
    const instances = `source ${JSON.stringify(script)}
emulate -L sh; setopt kshglob noshglob braceexpand ksharrays
COMP_WORDS=(procform logs --state-dir ${JSON.stringify(join(dir, 'none'))} ''); COMP_CWORD=4
_procform procform '' ${JSON.stringify(join(dir, 'none'))}
print -l "\${COMPREPLY[@]}"`;
    const run = spawnSync('zsh', ['-f', '-c', instances], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir, PATH: `${binDir}:${process.env.PATH}` } });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '\n', '']);
  });

  it('fish: commands with their descriptions, options of a command, process managers', async () => {
    const dir = tempDir();
    const script = join(dir, 'procform.fish');
    writeFileSync(script, expectSuccess(await runCli(['completion', 'fish']), ['completion', 'fish']).stdout);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source ${script}; complete -C ${JSON.stringify(line)}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir, PATH: `${binDir}:${process.env.PATH}` } })
        .split('\n')
        .filter(Boolean)
        .sort();
    expect(complete('procform sw')).toEqual([expect.stringMatching(/^switch\tbuild a new generation/)]);
    expect(complete('procform ids ')).toEqual([expect.stringMatching(/^assign\t/)]);
    expect(complete('procform logs --tim')).toEqual([expect.stringMatching(/^--timestamps\t/)]);
    expect(complete('procform build -P ').map((line) => line.split('\t')[0])).toEqual(processManagers);
    return dir;
  });

  it('an unknown shell is a usage error', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect([result.code, result.stderr]).toEqual([1, expect.stringContaining('"tcsh" is not a shell procform completes')]);
  });
});
