// The archive writer: same tree, same bytes; and what it writes is an image docker loads and runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageTree } from '../../src/image/image-tree.ts';
import { fileDigest } from '../../src/image/debian-base.ts';
import type { ArchiveOptions, BaseLayer } from '../../src/image/write-archive.ts';
import { writeImageArchive } from '../../src/image/write-archive.ts';
import { usePrivateDockerd } from '../support/docker-suite.ts';
import { hasDocker } from '../support/private-dockerd.ts';
import { tempDir } from '../support/temp-dir.ts';

function busyboxTree(): ImageTree {
  const tree = new ImageTree();
  tree.addHostPath('/usr/bin/busybox');
  tree.addSymlink('/bin/sh', '/usr/bin/busybox');
  tree.addFile('/etc/greeting', 'hello from procform\n');
  tree.addDirectory('/tmp', 0o1777);
  return tree;
}

const options = (out: string, format: ArchiveOptions['format'] = 'docker-archive'): ArchiveOptions => ({
  name: 'procform-test/busybox',
  tag: 'v1',
  format,
  out,
  config: { Entrypoint: ['/bin/sh', '-c'], Cmd: ['cat /etc/greeting'], Env: ['PATH=/bin'], WorkingDir: '/', StopSignal: 'SIGTERM', Labels: {} },
});

/** A lower layer made with tar, as --base debian's root is: /etc/base with a line in it. */
async function baseLayer(dir: string): Promise<BaseLayer> {
  mkdirSync(join(dir, 'base-root/etc'), { recursive: true });
  writeFileSync(join(dir, 'base-root/etc/base'), 'from the base layer\n');
  const file = join(dir, 'base.tar');
  execFileSync('tar', ['-cf', file, '--mtime=@1', '--owner=0', '--group=0', '-C', join(dir, 'base-root'), './etc']);
  return { ...(await fileDigest(file)), file, createdBy: 'tar (test)' };
}

const hasPodman = () => spawnSync('which', ['podman']).status === 0 && process.getuid?.() === 0;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('image archives', () => {
  it.each(['docker-archive', 'oci'] as const)('%s: the same tree gives the same bytes, and only the output file is left', async (format) => {
    const dir = tempDir();
    const first = join(dir, 'first.tar');
    const second = join(dir, 'second.tar');
    await writeImageArchive(busyboxTree(), options(first, format));
    await writeImageArchive(busyboxTree(), options(second, format));
    expect(sha256(first)).toBe(sha256(second));
    expect(readdirSync(dir).sort()).toEqual(['first.tar', 'second.tar']);
  });

  it('a failed write leaves no output and no temporary file', async () => {
    const dir = tempDir();
    const tree = busyboxTree();
    tree.addHostPath('/etc/hostname');
    // The host file changes size after it was listed: the layer cannot be written as planned.
    (tree.get('/etc/hostname') as { content: { size: number } }).content.size += 1;
    await expect(writeImageArchive(tree, options(join(dir, 'out.tar')))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

// podman only loads here: running containers needs a cgroup set-up this host's hybrid hierarchy lacks.
describe.runIf(hasPodman())('podman loads both formats', () => {
  it('as the same image (the configuration digest is the image ID), named as given', async () => {
    const dir = tempDir();
    const podman = (args: string[]) =>
      spawnSync('podman', ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp'), '--storage-driver', 'vfs', '--events-backend', 'none', ...args], { encoding: 'utf8' });
    const ids: string[] = [];
    for (const format of ['docker-archive', 'oci'] as const) {
      const out = join(dir, `${format}.tar`);
      const written = await writeImageArchive(busyboxTree(), { ...options(out, format), name: `procform-test/${format}` });
      const load = podman(['load', '-i', out]);
      expect(load.status, load.stderr).toBe(0);
      expect(load.stdout).toMatch(new RegExp(`Loaded image: \\S*procform-test/${format}:v1`));
      const inspect = podman(['image', 'inspect', `procform-test/${format}:v1`, '--format', '{{.Id}} {{json .Config.Entrypoint}}']);
      expect(inspect.stdout.trim()).toBe(`${written.id.slice('sha256:'.length)} ["/bin/sh","-c"]`);
      ids.push(written.id);
    }
    expect(ids[0]).toBe(ids[1]);
  });

  it('with a base layer below the tree, both formats load as the same two-layer image', async () => {
    const dir = tempDir();
    const base = await baseLayer(dir);
    const podman = (args: string[]) =>
      spawnSync('podman', ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--tmpdir', join(dir, 'tmp'), '--storage-driver', 'vfs', '--events-backend', 'none', ...args], { encoding: 'utf8' });
    const ids: string[] = [];
    for (const format of ['docker-archive', 'oci'] as const) {
      const out = join(dir, `${format}.tar`);
      const written = await writeImageArchive(busyboxTree(), { ...options(out, format), name: `procform-test/based-${format}`, baseLayers: [base] });
      expect(podman(['load', '-i', out]).status).toBe(0);
      const inspect = podman(['image', 'inspect', `procform-test/based-${format}:v1`, '--format', '{{.Id}} {{len .RootFS.Layers}} {{index .RootFS.Layers 0}}']);
      expect(inspect.stdout.trim()).toBe(`${written.id.slice('sha256:'.length)} 2 ${base.digest}`);
      ids.push(written.id);
    }
    expect(ids[0]).toBe(ids[1]);
  });
});

describe.runIf(hasDocker())('docker loads the archive', () => {
  const docker = usePrivateDockerd();

  it('runs a container from it, without a network and without a base image', async () => {
    const out = join(tempDir(), 'busybox.tar');
    await writeImageArchive(busyboxTree(), options(out));
    const load = docker().docker(['load', '-i', out]);
    expect(load.stderr).toBe('');
    expect(load.stdout).toContain('Loaded image: procform-test/busybox:v1');
    const run = docker().docker(['run', '--rm', '--network', 'none', 'procform-test/busybox:v1']);
    expect(run).toMatchObject({ code: 0, stdout: 'hello from procform\n' });
  });

  it('with a base layer: the container sees the base\'s files under the tree\'s', async () => {
    const dir = tempDir();
    const out = join(dir, 'based.tar');
    await writeImageArchive(busyboxTree(), { ...options(out), name: 'procform-test/based', config: { ...options(out).config, Cmd: ['cat /etc/base /etc/greeting'] }, baseLayers: [await baseLayer(dir)] });
    expect(docker().docker(['load', '-i', out]).stdout).toContain('Loaded image: procform-test/based:v1');
    const run = docker().docker(['run', '--rm', '--network', 'none', 'procform-test/based:v1']);
    expect(run).toMatchObject({ code: 0, stdout: 'from the base layer\nhello from procform\n' });
  });
});
