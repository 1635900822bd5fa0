import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/temp-dir.ts';

const parser = fileURLToPath(new URL('./parse-config.py', import.meta.url));

export interface ParsedProgram {
  argv: string[];
  environment: Record<string, string>;
  priority: number;
  directory: string | null;
}

/** What supervisord itself reads from program sections (supervisord's Python code, not ours). */
export function parseWithSupervisord(programSections: string[]): Record<string, ParsedProgram> {
  const dir = tempDir();
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'supervisord.conf'), '[supervisord]\n[include]\nfiles = conf.d/*.conf\n');
  programSections.forEach((text, index) => writeFileSync(join(dir, 'conf.d', `${index}.conf`), text));
  const output = execFileSync('/usr/bin/python3', [parser, join(dir, 'supervisord.conf')], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
  return JSON.parse(output) as Record<string, ParsedProgram>;
}
