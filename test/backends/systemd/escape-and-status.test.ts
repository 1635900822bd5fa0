import { describe, expect, it } from 'vitest';
import { environmentAssignment, execCommand, execWord } from '../../../src/backends/systemd/escape.ts';
import { failureReason, instanceState, startedAt } from '../../../src/backends/systemd/unit-status.ts';

describe('systemd escaping', () => {
  it('leaves plain words bare and quotes the rest, undoing specifiers, variables and C escapes', () => {
    expect(execWord('/usr/bin/node')).toBe('/usr/bin/node');
    expect(execWord('')).toBe('""');
    expect(execWord(';')).toBe('";"');
    expect(execWord('a b')).toBe('"a b"');
    expect(execWord('100% $HOME ${X}')).toBe('"100%% $$HOME $${X}"');
    expect(execWord('say "hi" \\ it\'s')).toBe('"say \\"hi\\" \\\\ it\'s"');
    expect(execWord('new\nline\ttab\x01')).toBe('"new\\nline\\ttab\\x01"');
    expect(execWord('żółć 🚀')).toBe('"żółć 🚀"');
    expect(execCommand(['/bin/sh', '-c', 'echo $1'], '+')).toBe('+/bin/sh -c "echo $$1"');
  });

  it('keeps $ in Environment= (not expanded there) but still doubles %', () => {
    expect(environmentAssignment('PORT', '5000')).toBe('PORT=5000');
    expect(environmentAssignment('A', '$HOME 100%')).toBe('"A=$HOME 100%%"');
    expect(environmentAssignment('EMPTY', '')).toBe('EMPTY=');
  });
});

describe('systemd unit status', () => {
  it('maps active, sub and load states to procform\'s states', () => {
    expect(instanceState({ LoadState: 'loaded', ActiveState: 'active', SubState: 'running' })).toBe('running');
    expect(instanceState({ LoadState: 'loaded', ActiveState: 'activating', SubState: 'start-post' })).toBe('starting');
    expect(instanceState({ LoadState: 'loaded', ActiveState: 'activating', SubState: 'auto-restart' })).toBe('backoff');
    expect(instanceState({ LoadState: 'loaded', ActiveState: 'failed' })).toBe('failed');
    expect(instanceState({ LoadState: 'loaded', ActiveState: 'inactive' })).toBe('stopped');
    expect(instanceState({ LoadState: 'not-found', ActiveState: 'inactive' })).toBe('stopped');
    expect(instanceState({ LoadState: 'error', ActiveState: 'inactive' })).toBe('unknown');
  });

  it('explains failures in words', () => {
    expect(failureReason({ Result: 'exit-code', ExecMainCode: '1', ExecMainStatus: '3', Restart: 'no' })).toBe('it exited with an error; the program exited 3');
    expect(failureReason({ Result: 'signal', ExecMainCode: '2', ExecMainStatus: '9', Restart: 'no' })).toBe('it was killed by a signal; the program was killed by SIGKILL');
    expect(failureReason({ Result: 'exit-code', ExecMainCode: '1', ExecMainStatus: '203' })).toMatch(/^systemd could not start the program: 203\/EXEC/);
    expect(failureReason({ Result: 'exit-code', ExecMainCode: '1', ExecMainStatus: '3', Restart: 'on-failure', NRestarts: '2', StartLimitBurst: '3' })).toBe(
      'it was restarted too often (2 restarts; StartLimitBurst=3); the program exited 3',
    );
  });

  it('turns the monotonic start timestamp into wall-clock time', () => {
    expect(startedAt({ MainPID: '42', ExecMainStartTimestampMonotonic: '5000000' }, 1_000_000, 7_000_000)).toBe(998_000);
    expect(startedAt({ MainPID: '0', ExecMainStartTimestampMonotonic: '5000000' })).toBeNull();
  });
});
