// `procform top` in a real terminal (tmux), against the advanced webapps example deployed on the builtin
// process manager: the rows and their PIDs as status gives them, CPU and memory, the selected
// instance's log, restart, stop, start and follow by key, narrow terminals, and a clean exit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, expectSuccess, runCli, runCliIn, statusesIn } from '../support/cli.ts';
import { eventually } from '../support/eventually.ts';
import { httpGet } from '../support/http.ts';
import { tempDir } from '../support/temp-dir.ts';
import { saveTextScreenshot } from '../support/screenshots.ts';
import { openTerminal } from '../support/tmux.ts';
import type { Terminal } from '../support/tmux.ts';
import { copyWebappsWithState } from '../support/webapps.ts';

const buildFlags = ['--force-disable-user-change'];

/** The row of an instance on the screen, as its cells. */
function rowOf(screen: string, instance: string): string[] | undefined {
  return screen
    .split('\n')
    .map((line) => line.replace(/^>/, ' ').trim().split(/\s+/))
    .find((cells) => cells[0] === instance);
}

function topIn(stateDir: string, size: { columns: number; rows: number }, environment = 'NO_COLOR=1'): Terminal {
  const command = `env ${environment} '${process.execPath}' '${cliPath}' top --interval 0.3 --state-dir '${stateDir}'; echo "top exited with $?"`;
  return openTerminal(command, size, join(tempDir('procform-top-'), 'written'));
}

describe('procform top', () => {
  it('shows every instance live, acts on keys, and gives the terminal back', async () => {
    const copy = await copyWebappsWithState();
    expectSuccess(await runCliIn(copy.stateDir, ['switch', copy.advanced, ...buildFlags], { timeoutMs: 180_000 }), ['switch']);
    const before = await statusesIn(copy.stateDir);
    // In start order, as status lists them: the six webapps, then their two nginx.
    const instances = Object.keys(before);
    expect(instances).toHaveLength(8);
    const terminal = topIn(copy.stateDir, { columns: 100, rows: 24 });

    // One row per instance with the PID status gives, readiness, and CPU and memory once sampled twice.
    let screen = await terminal.waitFor('every instance with CPU and memory', (text) => instances.every((instance) => /^\d+\.\d%$/.test(rowOf(text, instance)?.[6] ?? '')));
    expect(screen).toMatch(/INSTANCE\s+STATE\s+PID\s+UPTIME\s+RESTARTS\s+READY\s+CPU\s+MEM/);
    for (const instance of instances) {
      const [, state, pid, , restarts, ready, , memory] = rowOf(screen, instance)!;
      expect({ state, pid: Number(pid), restarts, ready }, instance).toEqual({ state: 'running', pid: before[instance]!.pid, restarts: '0', ready: 'yes' });
      expect(memory).toMatch(/^\d+(\.\d)?[KMG]$/);
    }
    // The first instance is selected and its log shown below.
    expect(screen).toMatch(/^> webapp1/m);
    expect(screen).toContain('── log of webapp1');
    expect(screen).toContain(`Simple test webapp listening on port: ${copy.advancedPorts.webapp1}`);
    // NO_COLOR: not one colour or attribute on the screen.
    expect(terminal.screenWithEscapes()).not.toContain('\x1b[');
    saveTextScreenshot('top.txt', screen);

    terminal.press('End');
    await terminal.waitFor('nginx2 selected, with its log', (text) => /^> nginx2/m.test(text) && text.includes('── log of nginx2'));
    terminal.press('Home', 'j');
    await terminal.waitFor('webapp2 selected, with its log', (text) => /^> webapp2/m.test(text) && text.includes(`listening on port: ${copy.advancedPorts.webapp2}`));
    terminal.press('k');
    await terminal.waitFor('webapp1 selected again', (text) => /^> webapp1/m.test(text));

    // Restart: a new PID, as status says; nginx untouched.
    terminal.press('r');
    screen = await terminal.waitFor('webapp1 restarted', (text) => text.includes('webapp1 restarted') && rowOf(text, 'webapp1')?.[1] === 'running' && Number(rowOf(text, 'webapp1')?.[2]) !== before.webapp1!.pid);
    let now = await statusesIn(copy.stateDir);
    expect(Number(rowOf(screen, 'webapp1')![2])).toBe(now.webapp1!.pid);
    expect(now.nginx!.pid).toBe(before.nginx!.pid);

    // Stop, then start: only the selected instance.
    terminal.press('x');
    await terminal.waitFor('webapp1 stopped', (text) => text.includes('webapp1 stopped') && rowOf(text, 'webapp1')?.[1] === 'stopped');
    now = await statusesIn(copy.stateDir);
    expect(now.webapp1).toMatchObject({ state: 'stopped', pid: null });
    expect(now.nginx).toMatchObject({ state: 'running', pid: before.nginx!.pid });
    terminal.press('s');
    screen = await terminal.waitFor('webapp1 started', (text) => text.includes('webapp1 started') && rowOf(text, 'webapp1')?.[1] === 'running');
    now = await statusesIn(copy.stateDir);
    expect(Number(rowOf(screen, 'webapp1')![2])).toBe(now.webapp1!.pid);
    for (const instance of instances.filter((name) => name !== 'webapp1')) expect(now[instance]!.pid, instance).toBe(before[instance]!.pid);

    // Follow: new lines appear as the webapp writes them.
    terminal.press('f');
    await terminal.waitFor('following webapp1', (text) => text.includes('following the log of webapp1'));
    await httpGet(`http://127.0.0.1:${copy.advancedPorts.webapp1}/followed-by-top`);
    await terminal.waitFor('the request in the followed log', (text) => text.includes('GET /followed-by-top'));
    terminal.press('Escape');
    await terminal.waitFor('the table again', (text) => text.includes('── log of webapp1'));

    // Frames overwrite lines in place: the screen was cleared for the first frame only; the title
    // (with its clock) is rewritten at its row. Each resize (below) clears once more.
    await eventually(() => terminal.written().split('\x1b[1;1H').length > 3, 10_000, 'frames drawn over the first');
    expect(terminal.written().split('\x1b[2J').length - 1).toBe(1);

    // Narrow: restarts go first, then readiness and uptime; name, state, CPU and memory stay.
    terminal.resize(44, 20);
    screen = await terminal.waitFor('the narrow table', (text) => /INSTANCE\s+STATE\s+PID\s+CPU\s+MEM$/m.test(text));
    expect(Math.max(...screen.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(44);
    terminal.resize(30, 20);
    screen = await terminal.waitFor('the narrowest table', (text) => /INSTANCE\s+STATE\s+CPU$/m.test(text));
    expect(Math.max(...screen.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(30);

    expect(terminal.written().split('\x1b[2J').length - 1).toBe(3);

    // procform stop and start, which the keys run: an unknown name changes nothing.
    const unknown = await runCliIn(copy.stateDir, ['stop', 'webapp1', 'webapp9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('the deployment has no instance "webapp9"');
    expect((await statusesIn(copy.stateDir)).webapp1!.state).toBe('running');

    terminal.press('q');
    screen = await terminal.waitFor('top exited', (text) => text.includes('top exited with'));
    expect(screen).toContain('top exited with 0');
    // The shell's screen is back, with its cursor: nothing of top is left on it.
    expect(screen).not.toContain('INSTANCE');
    expect(terminal.property('alternate_on')).toBe('0');
    expect(terminal.property('cursor_flag')).toBe('1');
  });

  it('exits cleanly on Ctrl-C and shows colours unless NO_COLOR is set', async () => {
    const copy = await copyWebappsWithState();
    expectSuccess(await runCliIn(copy.stateDir, ['switch', copy.model, ...buildFlags], { timeoutMs: 120_000 }), ['switch']);
    const terminal = topIn(copy.stateDir, { columns: 100, rows: 20 }, '-u NO_COLOR FORCE_COLOR=1');
    await terminal.waitFor('the table', (text) => rowOf(text, 'nginx')?.[1] === 'running');
    // The selected row in inverse video, the states in colour.
    // eslint-disable-next-line no-control-regex
    expect(terminal.screenWithEscapes()).toMatch(/\x1b\[(\d+;)*7m/);
    // eslint-disable-next-line no-control-regex
    expect(terminal.screenWithEscapes()).toMatch(/\x1b\[(\d+;)*32m\s*running/);
    terminal.press('C-c');
    const screen = await terminal.waitFor('top exited', (text) => text.includes('top exited with'));
    expect(screen).toContain('top exited with 0');
    expect(terminal.property('alternate_on')).toBe('0');
    expect(terminal.property('cursor_flag')).toBe('1');
  });

  it('says when nothing is deployed, and still quits cleanly', async () => {
    const stateDir = tempDir();
    const terminal = topIn(stateDir, { columns: 120, rows: 12 });
    await terminal.waitFor('the empty deployment', (text) => text.includes(`nothing is deployed in ${stateDir} (profile "processes")`) && text.includes('no instances'));
    terminal.press('r', 'x', 'j', 'q');
    expect(await terminal.waitFor('top exited', (text) => text.includes('top exited with'))).toContain('top exited with 0');
  });

  it('refuses to run without a terminal, pointing at status and the dashboard', async () => {
    const result = await runCli(['top', '--state-dir', tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('procform top needs a terminal');
    expect(result.stderr).toContain('procform status --json');
  });
});
