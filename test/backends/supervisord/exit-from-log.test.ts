// supervisord's XML-RPC says "exitstatus -1" for any signal; its log names the signal. The
// conformance suite checks this against a real supervisord; here, the lines it writes (supervisor
// 4.2, process.py finish()) and what must not be mistaken for them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitFromSupervisordLog } from '../../../src/backends/supervisord/exit-from-log.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('how a program ended, from supervisord\'s log', () => {
  it('is its last exit, not another program\'s or an earlier one', () => {
    const log = join(tempDir(), 'supervisord.log');
    writeFileSync(
      log,
      [
        '2026-12-03 06:40:11,101 INFO spawned: \'fragile\' with pid 41',
        '2026-12-03 06:40:12,102 WARN exited: fragile (terminated by SIGTERM; not expected)',
        '2026-12-03 06:40:13,103 INFO spawned: \'fragile\' with pid 42',
        '2026-12-03 06:40:14,104 WARN exited: fragile (terminated by SIGKILL; not expected)',
        '2026-12-03 06:40:15,105 WARN exited: fragile2 (terminated by SIGSEGV (core dumped); not expected)',
        '2026-12-03 06:40:16,106 INFO exited: web (exit status 3; not expected)',
        '',
      ].join('\n'),
    );
    expect(exitFromSupervisordLog(log, 'fragile')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(exitFromSupervisordLog(log, 'fragile2')).toEqual({ code: null, signal: 'SIGSEGV' });
    expect(exitFromSupervisordLog(log, 'web')).toEqual({ code: 3, signal: null });
    expect(exitFromSupervisordLog(log, 'absent')).toBeNull();
    expect(exitFromSupervisordLog(join(tempDir(), 'missing.log'), 'fragile')).toBeNull();
  });
});
