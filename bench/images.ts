// Benchmark of `procform image build` against what a user would do instead: the Docker manual's
// multi-service recipe, a Dockerfile on a Debian base made with mmdebstrap that installs nginx,
// supervisor and Node and runs supervisord (bench/images/Dockerfile). Both run the seed's webapps
// model (a webapp behind nginx). Measured in the same run, in a private dockerd: build time, image
// size, and start-to-ready (from `docker run` until nginx answers for webapp.local inside).
//
//   npm run build && npx jiti bench/images.ts
//
// Run by hand as root, never part of `npm test`. Needs dockerd, mmdebstrap and the Debian mirror
// (the base is cached in ~/.cache/procform/bench). Writes bench/results/images.md. REPS=N sets the
// start repetitions (default 5).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debianBase } from '../src/image/debian-base.ts';
import { startPrivateDockerd } from '../test/support/private-dockerd.ts';

const reps = Number(process.env.REPS ?? 5);
const repo = fileURLToPath(new URL('..', import.meta.url));
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const loadBefore = loadavg().map((value) => value.toFixed(2)).join(' ');
const work = mkdtempSync(join(tmpdir(), 'procform-bench-images-'));
const dockerd = await startPrivateDockerd();

const timed = <T>(action: () => T): [T, number] => {
  const start = performance.now();
  const value = action();
  return [value, performance.now() - start];
};

const probe = "require('http').get({host:'127.0.0.1',port:8080,headers:{Host:'webapp.local'}},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))";

function startToReady(image: string): number[] {
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const name = `procform-bench-${rep}-${Date.now()}`;
    const start = performance.now();
    dockerd.docker(['run', '-d', '--name', name, '--network', 'none', image]);
    for (;;) {
      if (dockerd.docker(['exec', name, 'node', '-e', probe]).code === 0) break;
      if (performance.now() - start > 120_000) throw new Error(`${image} not ready after 120 s`);
    }
    times.push(performance.now() - start);
    dockerd.docker(['rm', '-f', name]);
  }
  return times;
}

const rows: string[] = [];
try {
  for (const manager of ['supervisord', 'builtin']) {
    const out = join(work, `${manager}.tar`);
    const image = `procform-bench/webapps-${manager}:latest`;
    log(`procform image build -P ${manager}`);
    const [, buildMs] = timed(() =>
      execFileSync(process.execPath, [join(repo, 'dist/src/cli/main.js'), 'image', 'build', join(repo, 'examples/webapps/processes.ts'), '-P', manager, '--name', `procform-bench/webapps-${manager}`, '-o', out], { stdio: 'ignore' }),
    );
    const [, loadMs] = timed(() => dockerd.docker(['load', '-i', out]));
    const size = Number(dockerd.docker(['image', 'inspect', image, '--format', '{{.Size}}']).stdout.trim());
    log(`start-to-ready ×${reps}`);
    const ready = startToReady(image);
    rows.push(`| procform image build -P ${manager} | ${seconds(buildMs)} (+ load ${seconds(loadMs)}) | ${mib(statSync(out).size)} | ${mib(size)} | ${seconds(median(ready))} (${ready.map((ms) => (ms / 1000).toFixed(1)).join(', ')}) |`);
  }

  // The same root `procform image build --base debian` uses (src/image/debian-base.ts), in a cache of the bench's own.
  const baseStart = performance.now();
  const { tar: base, made } = await debianBase({ mirror: 'http://deb.debian.org/debian', cacheDir: join(homedir(), '.cache/procform/bench') });
  const baseNote = made ? `made in ${seconds(performance.now() - baseStart)}` : 'cached';
  const imported = dockerd.docker(['import', base, 'procform-bench/debian:bookworm'], { timeoutMs: 600_000 });
  if (imported.code !== 0) throw new Error(`docker import failed: ${imported.stderr}`);
  const context = join(work, 'context');
  mkdirSync(context);
  for (const file of ['Dockerfile', 'nginx.conf', 'webapps.conf']) copyFileSync(join(repo, 'bench/images', file), join(context, file));
  copyFileSync(join(repo, 'dist/src/webapp/main.js'), join(context, 'webapp.mjs'));
  log('docker build (the Dockerfile recipe)');
  const [build, buildMs] = timed(() =>
    spawnSync('docker', ['--host', dockerd.host, 'build', '--network', 'host', '--no-cache', '-t', 'procform-bench/webapps-dockerfile:latest', context], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      maxBuffer: 64 * 2 ** 20,
    }),
  );
  if (build.status !== 0) throw new Error(`docker build failed: ${build.stderr}`);
  const size = Number(dockerd.docker(['image', 'inspect', 'procform-bench/webapps-dockerfile:latest', '--format', '{{.Size}}']).stdout.trim());
  const baseSize = Number(dockerd.docker(['image', 'inspect', 'procform-bench/debian:bookworm', '--format', '{{.Size}}']).stdout.trim());
  const ready = startToReady('procform-bench/webapps-dockerfile:latest');
  rows.push(`| Dockerfile: Debian minbase (${mib(baseSize)}, ${baseNote}) + apt-get install nginx supervisor nodejs | ${seconds(buildMs)} | — | ${mib(size)} | ${seconds(median(ready))} (${ready.map((ms) => (ms / 1000).toFixed(1)).join(', ')}) |`);
} finally {
  await dockerd.stop();
  rmSync(work, { recursive: true, force: true });
}

const results = `# Image benchmark

Written by \`bench/images.ts\` (${new Date().toISOString().slice(0, 10)}): the seed's webapps model (a webapp behind nginx) as
a procform image and as the Docker manual's multi-service recipe, in the same run, in a private
dockerd. Start-to-ready: median of ${reps} starts (each listed), from \`docker run\` until nginx answers
for webapp.local inside the container (probed with \`docker exec\`, the same for both). The Dockerfile's
build downloads its packages from deb.debian.org, so its time depends on the network; its base image
is made once and cached. Machine: ${availableParallelism()} CPUs, Linux ${release()}, Node ${process.version};
load average at the start: ${loadBefore}, at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}.

| image | build | archive | image size (docker) | start-to-ready |
|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(join(repo, 'bench/results/images.md'), results);
process.stdout.write(results);
