import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-file.ts';
import type { ImportedProcess } from '../../src/import/imported-model.ts';
import { expectSuccess, repoRoot, runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const fixture = (path: string) => join(repoRoot, 'test/import/fixtures', path);
const byKey = (processes: ImportedProcess[]) => Object.fromEntries(processes.map((process) => [process.key, process]));

/** Imports with the command line into a fresh folder and builds the result for `processManager`. */
async function importAndBuild(file: string, extra: string[] = [], processManager = 'builtin', env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir();
  const out = join(dir, 'processes.ts');
  const imported = expectSuccess(await runCli(['import', file, '--out', out, ...extra], { env }), ['import', file]);
  const args = ['build', out, '-P', processManager, '--state-dir', join(dir, 'state'), '--force-disable-user-change'];
  const built = expectSuccess(await runCli(args, { env }), args);
  return { text: readFileSync(out, 'utf8'), stderr: imported.stderr, profile: built.stdout.trim(), dir };
}

function manifestOf(profile: string): { instances: Record<string, { dependencies: string[]; spec: Record<string, unknown> }> } {
  return JSON.parse(readFileSync(join(profile, 'manifest.json'), 'utf8'));
}

describe('procform import: real files build as models', () => {
  it.each([
    'foreman/Procfile',
    'honcho-ports/Procfile',
    'heroku-node/Procfile',
    'pc-demo/process-compose.yaml',
    'pc-scale/process-compose.yaml',
    'pc-probes/process-compose.yaml',
    'pc-replicas/compose.yaml',
    'ac-nginx-golang-postgres/compose.yaml',
    'ac-nginx-flask-mysql/compose.yaml',
    'ac-gitea-postgres/compose.yaml',
    'spec-fragments/compose.yaml',
  ])('%s: the written model builds, and what is not carried over is in it and on stderr', async (file) => {
    const { text, stderr, profile } = await importAndBuild(fixture(file));
    expect(existsSync(join(profile, 'manifest.json'))).toBe(true);
    const notes = stderr.split('\n').filter((line) => line.startsWith('not carried over: '));
    expect(notes.length).toBeGreaterThan(0);
    // Every note printed is in the model's header comment too (wrapped, so compared without line breaks).
    const header = text.split('\nimport ')[0]!.replace(/\n\/\/ {0,3}/g, ' ');
    for (const note of notes) expect(header).toContain(note.replace(/^not carried over: /, '').replace(`${fixture(file)}`, file.split('/')[1]!));
  });

  it('process-compose: depends_on becomes readiness-gated dependencies, probes readiness, availability the restart policy', async () => {
    const { profile } = await importAndBuild(fixture('pc-demo/process-compose.yaml'), [], 'none');
    const { instances } = manifestOf(profile);
    expect(instances['api-server']!.dependencies.sort()).toEqual(['postgres', 'redis']);
    expect(instances['web-app']!.dependencies).toEqual(['api-server']);
    expect(instances.redis!.spec.readiness).toMatchObject({ kind: 'exec', command: ['/bin/sh', '-c', 'true'], intervalMs: 2000 });
    expect(instances.redis!.spec.restart).toMatchObject({ policy: 'no' });
    const { model, order } = importFile(fixture('pc-scale/process-compose.yaml'));
    const scale = byKey(model.processes);
    expect(order).toEqual(['process3', 'process2', 'process1-0', 'process1-1']);
    expect(scale.process3!.restart).toEqual({ policy: 'on-failure', initialMs: 2000, multiplier: 1 });
    expect(scale['process1-1']!.dependencies).toEqual(['process2']);
    expect(model.notes.map((note) => note.message)).toContainEqual(expect.stringContaining('process_completed_successfully: procform starts it once "process2" is ready'));
  });

  it('process-compose: replicas are instances with their own {{.PC_REPLICA_NUM}}', () => {
    const { model } = importFile(fixture('pc-replicas/compose.yaml'));
    expect(model.processes.map((process) => [process.key, process.environment])).toEqual([
      ['test-0', [['REPL', '0']]],
      ['test-1', [['REPL', '1']]],
      ['test-2', [['REPL', '2']]],
    ]);
    const probes = byKey(importFile(fixture('pc-probes/process-compose.yaml')).model.processes);
    expect(probes.procB!.readiness).toEqual({ kind: 'exec', command: { shell: 'pidof process-compose' }, intervalMs: 1000 });
    expect(probes.pc_log!.directory).toBe('/tmp');
  });

  it('process-compose: liveness_probe becomes a liveness check, sharing the probe parsing with readiness_probe', async () => {
    const dir = tempDir();
    // Shaped as process-compose's health-check documentation writes its probes (its own defaults: period 10, timeout 1, failures 3).
    writeFileSync(
      join(dir, 'process-compose.yaml'),
      [
        'processes:',
        '  web:',
        '    command: "python3 -m http.server {{.PORT}}"',
        '    vars:',
        '      PORT: 8080',
        '    availability:',
        '      restart: always',
        '    liveness_probe:',
        '      http_get:',
        '        host: 127.0.0.1',
        '        scheme: http',
        '        path: "/health"',
        '        port: "{{.PORT}}"',
        '        status_code: 204',
        '      initial_delay_seconds: 5',
        '      period_seconds: 2',
        '      timeout_seconds: 5',
        '      success_threshold: 2',
        '      failure_threshold: 4',
        '  worker:',
        '    command: "sleep infinity"',
        '    liveness_probe:',
        '      exec:',
        '        command: "test -e /tmp/worker.alive"',
        '        working_dir: /tmp',
        '',
      ].join('\n'),
    );
    const { model } = importFile(join(dir, 'process-compose.yaml'));
    const processes = byKey(model.processes);
    expect(processes.web!.liveness).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/health', periodMs: 2000, failures: 4, afterMs: 5000 });
    expect(processes.worker!.liveness).toEqual({ kind: 'exec', command: { shell: 'test -e /tmp/worker.alive' }, timeoutMs: 1000 });
    const messages = model.notes.map((note) => note.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'liveness_probe.http_get.status_code is not carried over',
        'liveness_probe.success_threshold: procform takes one passing attempt as a success',
        'liveness_probe.exec.working_dir is not carried over',
      ]),
    );
    expect(messages.filter((message) => message.includes('liveness_probe is not carried over'))).toEqual([]);
    const { text, profile } = await importAndBuild(join(dir, 'process-compose.yaml'));
    expect(text).toContain(`liveness: { kind: 'http', url: "http://127.0.0.1:8080/health", period: '2s', failures: 4, after: '5s' },`);
    expect(text).toContain(`liveness: { kind: 'exec', command: "test -e /tmp/worker.alive", timeout: '1s' },`);
    const { instances } = manifestOf(profile);
    expect(instances.web!.spec.liveness).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/health', status: null, periodMs: 2000, timeoutMs: 5000, failures: 4, afterMs: 5000 });
    expect(instances.worker!.spec.liveness).toMatchObject({ kind: 'exec', periodMs: 10_000, timeoutMs: 1000, failures: 3, afterMs: 0 });
  });

  it('Procfile: PORT as foreman gives it (+100 per type, +1 per instance), a formation makes instances, .env is read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Procfile'), readFileSync(fixture('honcho-ports/Procfile')));
    writeFileSync(join(dir, '.env'), 'GREETING="hello there"\n');
    const { profile } = await importAndBuild(join(dir, 'Procfile'), ['--port', '7000', '--formation', 'web=2,worker=1'], 'none');
    const { instances } = manifestOf(profile);
    const ports = Object.fromEntries(Object.entries(instances).map(([key, entry]) => [key, (entry.spec.environment as Record<string, string>).PORT]));
    expect(ports).toEqual({ 'web.1': '7000', 'web.2': '7001', worker: '7100', redis: '7200', es: '7300' });
    expect((instances['web.1']!.spec.environment as Record<string, string>).GREETING).toBe('hello there');
    expect(instances.worker!.spec.directory).toBe(dir);
  });

  it('docker compose: healthchecks become readiness (curl/wget of a URL an HTTP check), restart policies, merge keys', async () => {
    const { profile } = await importAndBuild(fixture('ac-nginx-flask-mysql/compose.yaml'), [], 'none');
    const { instances } = manifestOf(profile);
    expect(instances.backend!.dependencies).toEqual(['db']);
    expect(instances.backend!.spec.readiness).toMatchObject({ kind: 'http', url: 'http://localhost:8000/health', intervalMs: 30_000, timeoutMs: 160_000 });
    expect(instances.db!.spec.readiness).toMatchObject({ kind: 'exec', intervalMs: 10_000, timeoutMs: 75_000 });
    const golang = byKey(importFile(fixture('ac-nginx-golang-postgres/compose.yaml')).model.processes);
    expect(golang.db!.restart).toEqual({ policy: 'always' });
    expect(golang.db!.readiness).toMatchObject({ kind: 'exec', command: { argv: ['pg_isready'] } });
    expect(golang.proxy!.dependencies).toEqual(['backend']);
    const fragments = byKey(importFile(fixture('spec-fragments/compose.yaml')).model.processes);
    expect(fragments.second!.environment).toEqual([['FOO', 'BAR'], ['ZOT', 'QUIX'], ['YET_ANOTHER', 'VARIABLE']]);
  });

  it('docker compose: ${VAR:-default} is taken when the model is built, from the environment, then .env; $$ is a literal $', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      [
        'services:',
        '  app:',
        '    command: ["sleep", "${NAP:-60}"]',
        '    environment:',
        '      USER_NAME: ${DB_USER:-gitea}',
        '      EMPTY_OK: ${UNSET_VAR-fallback}',
        '      PRICE: "$$5"',
        '      FROM_DOTENV: ${FROM_FILE}',
        '    deploy:',
        '      replicas: ${REPLICAS:-2}',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, '.env'), 'FROM_FILE=dotenv-value\nDB_USER=from-dotenv\n');
    const { profile, text } = await importAndBuild(join(dir, 'docker-compose.yml'), [], 'none', { DB_USER: 'alice', UNSET_VAR: '' });
    expect(text).toContain('variable("DB_USER") || "gitea"');
    const { instances } = manifestOf(profile);
    expect(Object.keys(instances).sort()).toEqual(['app-1', 'app-2']);
    expect(instances['app-1']!.spec.environment).toEqual({ USER_NAME: 'alice', EMPTY_OK: '', PRICE: '$5', FROM_DOTENV: 'dotenv-value' });
    expect(instances['app-1']!.spec.foreground).toMatchObject({ args: ['60'] });
    // A required variable that is not set fails the build, as it fails `docker compose up`.
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  app:\n    command: ["sleep", "${NAP:?set NAP to a number of seconds}"]\n');
    const out = join(dir, 'required.ts');
    expectSuccess(await runCli(['import', join(dir, 'docker-compose.yml'), '--out', out]), ['import']);
    const build = await runCli(['build', out, '-P', 'none', '--state-dir', join(dir, 'state')], { env: { NAP: '' } });
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('NAP: set NAP to a number of seconds');
  });
});

describe('procform import: bad input changes nothing', () => {
  it('a dependency on a process the file lacks (process-compose\'s own file) names file and line, exit 66, nothing written', async () => {
    const dir = tempDir();
    const out = join(dir, 'processes.ts');
    const result = await runCli(['import', fixture('pc-main/process-compose.yaml'), '--out', out]);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain('process-compose.yaml:82: processes.process3.depends_on.nginx: depends on "nginx", which is not a process of this file');
    expect(result.stderr).toContain('hint: Add the process, or remove the dependency.');
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['Procfile', 'web: serve\nthis line is not an entry\n', 'Procfile:2: "this line is not an entry" is not a Procfile entry'],
    ['compose.yaml', 'services:\n  web:\n    image: x\n   bad: indent\n', 'compose.yaml:4: not valid YAML'],
    ['compose.yaml', 'services:\n  web:\n    command: "${UNCLOSED"\n', 'compose.yaml:3: services.web.command: cannot be interpolated'],
    ['compose.yaml', 'services:\n  web:\n    command: ["sleep", "1"]\n    restart: sometimes\n', 'compose.yaml:4: services.web.restart: "sometimes" is not a restart policy'],
    ['notes.txt', 'just some text\n', 'is neither a Procfile, a docker compose file nor a process-compose file'],
  ])('%s with %j', async (name, content, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, name), content);
    const result = await runCli(['import', join(dir, name), '--out', join(dir, 'out.ts')]);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(dir, 'out.ts'))).toBe(false);
  });

  it('a missing file, and a cycle', async () => {
    const dir = tempDir();
    const missing = await runCli(['import', join(dir, 'Procfile'), '--out', join(dir, 'out.ts')]);
    expect([missing.code, missing.stderr]).toEqual([66, expect.stringContaining('Procfile: cannot be read: there is no such file')]);
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  a:\n    command: ["true"]\n    depends_on: [b]\n  b:\n    command: ["true"]\n    depends_on: [a]\n');
    const cycle = await runCli(['import', join(dir, 'compose.yaml'), '--out', join(dir, 'out.ts')]);
    expect([cycle.code, cycle.stderr]).toEqual([66, expect.stringContaining('its dependencies go round in a circle: a → b → a')]);
    expect(existsSync(join(dir, 'out.ts'))).toBe(false);
  });

  it('an existing --out is kept (exit 73) unless --force; --format forces the format', async () => {
    const dir = tempDir();
    const out = join(dir, 'processes.ts');
    writeFileSync(out, '// mine\n');
    writeFileSync(join(dir, 'services.txt'), 'web: sleep 60\n');
    const refused = await runCli(['import', join(dir, 'services.txt'), '--out', out]);
    expect([refused.code, readFileSync(out, 'utf8')]).toEqual([73, '// mine\n']);
    expect(refused.stderr).toContain('exists already; nothing was written');
    expectSuccess(await runCli(['import', join(dir, 'services.txt'), '--out', out, '--force', '--format', 'procfile']), ['import --force']);
    expect(readFileSync(out, 'utf8')).toContain("args: [\"-c\", \"sleep 60\"]");
    const wrongFormat = await runCli(['import', join(dir, 'services.txt'), '--format', 'compose', '--out', join(dir, 'other.ts')]);
    expect(wrongFormat.code).toBe(66);
  });
});
