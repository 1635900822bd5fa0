import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeCall } from '../../../src/backends/supervisord/xmlrpc.ts';

/** What Python's xmlrpc (supervisord's) writes for a value, or a fault. */
function pythonResponse(expression: string): string {
  return execFileSync('/usr/bin/python3', ['-c', `import sys, xmlrpc.client as x; sys.stdout.write(x.dumps(${expression}, methodresponse=True, allow_none=True))`], {
    encoding: 'utf8',
  });
}

describe('XML-RPC for supervisord', () => {
  it('decodes what Python writes: structs, arrays, scalars, empty and escaped strings', () => {
    const xml = pythonResponse(`([{'name': 'web', 'pid': 42, 'ok': True, 'empty': '', 'text': '<a & b> \\'x\\' "y"\\n  z', 'nothing': None, 'ratio': 0.5, 'list': [1, 'two', []]}],)`);
    expect(decodeResponse(xml)).toEqual({
      ok: true,
      value: [{ name: 'web', pid: 42, ok: true, empty: '', text: `<a & b> 'x' "y"\n  z`, nothing: null, ratio: 0.5, list: [1, 'two', []] }],
    });
  });

  it('decodes faults', () => {
    expect(decodeResponse(pythonResponse(`x.Fault(10, 'BAD_NAME: web')`))).toEqual({ ok: false, code: 10, message: 'BAD_NAME: web' });
  });

  it('encodes calls that Python reads back', () => {
    const call = encodeCall('supervisor.stopProcessGroup', ['a <&> b', false, 3]);
    const parsed = execFileSync('/usr/bin/python3', ['-c', 'import sys, json, xmlrpc.client as x; print(json.dumps(x.loads(sys.stdin.read())))'], { input: call, encoding: 'utf8' });
    expect(JSON.parse(parsed)).toEqual([['a <&> b', false, 3], 'supervisor.stopProcessGroup']);
  });
});
