import { describe, expect, it } from 'vitest';
import { commandLine, environmentLine, environmentValue, iniValue } from '../../../src/backends/supervisord/escape.ts';
import { nastyValues } from '../../support/argv-env-model.ts';
import { parseWithSupervisord } from './supervisord-parser.ts';

// Characters that matter to configparser, %-expansion and both shlex modes, plus whitespace Python
// knows and JavaScript does not, and a few wide ones.
const alphabet = [..."ab Z09 '\"$`%\\;#,=:()[]{}<>|&*?!~^\t\v\f\x1c\x85\u00a0\u3000żł日🚀-_/.+@"];

function randomString(random: () => number): string {
  const length = Math.floor(random() * 12);
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('');
}

// A small deterministic generator, so a failure can be replayed.
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('escaping for supervisord', () => {
  it('carries arguments and environment values byte for byte, as supervisord itself parses them', () => {
    const random = seeded(7);
    const cases = Array.from({ length: 300 }, () => ({ argv: ['/bin/true', randomString(random), randomString(random)], value: randomString(random) }));
    cases.push(...nastyValues.filter((value) => !value.includes('\n')).map((value) => ({ argv: ['/bin/true', value], value })));
    const sections: string[] = [];
    const expected: Record<string, { argv: string[]; environment: Record<string, string> }> = {};
    cases.forEach(({ argv, value }, index) => {
      const command = commandLine(argv);
      expect(command, JSON.stringify(argv)).not.toBeNull();
      const env = environmentLine({ V: value, W: 'plain' });
      const environment = 'line' in env ? env.line : undefined;
      sections.push(`[program:p${index}]\ncommand=${command}\n${environment === undefined ? '' : `environment=${environment}\n`}`);
      expected[`p${index}`] = { argv, environment: environment === undefined ? {} : { V: value, W: 'plain' } };
    });
    const parsed = parseWithSupervisord(sections);
    for (const [name, want] of Object.entries(expected)) {
      expect({ argv: parsed[name]!.argv, environment: parsed[name]!.environment }, name).toEqual(want);
    }
    // Most random values fit environment=; the rest go through the wrapper (see lower.test.ts).
    expect(Object.values(expected).filter((want) => 'V' in want.environment).length).toBeGreaterThan(150);
  });

  it('refuses what supervisord cannot carry instead of changing it', () => {
    expect(commandLine(['/bin/echo', 'new\nline'])).toBeNull();
    expect(commandLine(['/bin/echo', 'carriage\rreturn'])).toBeNull();
    for (const value of ['new\nline', `both ' and "`, "'quoted at the ends'", 'x ;comment', 'x #comment', 'x\u3000;y']) {
      expect(environmentValue(value), value).toBeNull();
    }
    expect(iniValue(' leading space')).toBeNull();
    expect(iniValue('/srv/a ;b')).toBeNull();
    expect(iniValue('/srv/100%')).toBe('/srv/100%%');
  });

  it('keeps simple commands readable', () => {
    expect(commandLine(['/usr/sbin/nginx', '-g', 'daemon off;', '-p', '/var/nginx'])).toBe("/usr/sbin/nginx -g 'daemon off'\\; -p /var/nginx");
    expect(commandLine(['/bin/echo', "it's", '100%', ''])).toBe("/bin/echo 'it'\\''s' 100%% ''");
  });
});
