// Turns an image's file tree into one file `docker load` and `podman load` read: a docker-archive
// (manifest.json, the config, the layers' tars) or an OCI image layout in a tar (oci-layout,
// index.json, blobs). One layer made from the image's tree, in one step; below it, with
// --base debian, the Debian root's tar as it is in the cache. The output appears complete or not
// at all: everything is written under temporary names beside it and renamed into place last, so a
// full disk or an interrupted build leaves nothing.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { onInterrupt, signalExitCode } from '../process/on-interrupt.ts';
import type { ImageNode, ImageTree } from './image-tree.ts';
import type { TarEntry, WrittenBlob } from './write-tar.ts';
import { FIXED_TIME, writeTar } from './write-tar.ts';

export type ImageFormat = 'docker-archive' | 'oci';
export const IMAGE_FORMATS: readonly ImageFormat[] = ['docker-archive', 'oci'];

/** The part of the image configuration procform sets (the OCI image config's `config`). */
export interface ContainerConfig {
  Entrypoint: string[];
  Cmd?: string[];
  Env: string[];
  WorkingDir: string;
  StopSignal: string;
  Labels: Record<string, string>;
}

export interface ArchiveOptions {
  name: string;
  tag: string;
  format: ImageFormat;
  config: ContainerConfig;
  out: string;
  /** Layers below the tree's, as tar files used as they are (a Debian root, --base debian). */
  baseLayers?: readonly BaseLayer[];
}

export interface BaseLayer extends WrittenBlob {
  file: string;
  /** What the image's history says made it. */
  createdBy: string;
}

export interface WrittenImage {
  /** The image ID docker shows: the config's digest. */
  id: string;
  layer: WrittenBlob;
  size: number;
}

export async function writeImageArchive(tree: ImageTree, options: ArchiveOptions): Promise<WrittenImage> {
  const temporary = join(dirname(options.out), `.${basename(options.out)}.tmp-${randomBytes(6).toString('hex')}`);
  const layerFile = `${temporary}-layer.tar`;
  // Interrupted (Ctrl-C, kill): the temporaries go with the process, the output never appeared.
  const off = onInterrupt((signal) => {
    for (const file of [temporary, layerFile]) rmSync(file, { force: true });
    process.exit(signalExitCode(signal));
  });
  try {
    const layer = await writeTar(layerEntries(tree), layerFile);
    const layers: BaseLayer[] = [...(options.baseLayers ?? []), { ...layer, file: layerFile, createdBy: 'procform image build' }];
    const config = Buffer.from(JSON.stringify(imageConfig(options.config, layers)));
    const configBlob = { digest: `sha256:${sha256(config)}`, size: config.length };
    const entries = options.format === 'oci' ? ociEntries(options, config, configBlob, layers) : dockerEntries(options, config, configBlob, layers);
    const archive = await writeTar(entries, temporary);
    await rename(temporary, options.out);
    return { id: configBlob.digest, layer, size: archive.size };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await rm(layerFile, { force: true });
    off();
  }
}

function layerEntries(tree: ImageTree): TarEntry[] {
  return tree.entries().map(([path, node]) => toTarEntry(path.slice(1), node));
}

function toTarEntry(name: string, node: ImageNode): TarEntry {
  if (node.kind === 'symlink') return { name, type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: node.target };
  if (node.kind === 'directory') return { name, type: 'directory', mode: node.mode, uid: node.uid, gid: node.gid };
  return { name, type: 'file', mode: node.mode, uid: node.uid, gid: node.gid, content: node.content };
}

function imageConfig(config: ContainerConfig, layers: readonly BaseLayer[]): object {
  const created = FIXED_TIME.toISOString();
  return {
    architecture: goArchitecture(process.arch),
    os: 'linux',
    created,
    config,
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.digest) },
    history: layers.map((layer) => ({ created, created_by: layer.createdBy })),
  };
}

function layerEntry(name: string, layer: BaseLayer): TarEntry {
  return { name, type: 'file', mode: 0o644, uid: 0, gid: 0, content: { hostPath: layer.file, size: layer.size } };
}

function dockerEntries(options: ArchiveOptions, config: Buffer, configBlob: WrittenBlob, layers: readonly BaseLayer[]): TarEntry[] {
  const configName = `${hex(configBlob.digest)}.json`;
  const reference = `${options.name}:${options.tag}`;
  const manifest = [{ Config: configName, RepoTags: [reference], Layers: layers.map((layer) => `${hex(layer.digest)}/layer.tar`) }];
  const repositories = { [options.name]: { [options.tag]: hex(layers.at(-1)!.digest) } };
  return [
    file(configName, config),
    ...layers.flatMap((layer) => [directory(hex(layer.digest)), layerEntry(`${hex(layer.digest)}/layer.tar`, layer)]),
    file('manifest.json', Buffer.from(JSON.stringify(manifest))),
    file('repositories', Buffer.from(JSON.stringify(repositories))),
  ];
}

function ociEntries(options: ArchiveOptions, config: Buffer, configBlob: WrittenBlob, layers: readonly BaseLayer[]): TarEntry[] {
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
      layers: layers.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer.digest, size: layer.size })),
    }),
  );
  const manifestBlob = { digest: `sha256:${sha256(manifest)}`, size: manifest.length };
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...manifestBlob,
        // containerd (docker load) names the image from the first, podman from the second.
        annotations: { 'io.containerd.image.name': dockerReference(options.name, options.tag), 'org.opencontainers.image.ref.name': options.tag },
      },
    ],
  };
  const blobs = [
    { digest: configBlob.digest, entry: (name: string) => file(name, config) },
    ...layers.map((layer) => ({ digest: layer.digest, entry: (name: string) => layerEntry(name, layer) })),
    { digest: manifestBlob.digest, entry: (name: string) => file(name, manifest) },
  ].sort((a, b) => (a.digest < b.digest ? -1 : 1));
  return [
    directory('blobs'),
    directory('blobs/sha256'),
    ...blobs.map((blob) => blob.entry(`blobs/sha256/${hex(blob.digest)}`)),
    file('index.json', Buffer.from(JSON.stringify(index))),
    file('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' }))),
  ];
}

/** A name without a registry is Docker Hub's library, as `docker tag` would spell it in full. */
function dockerReference(name: string, tag: string): string {
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return `${path}:${tag}`;
}

function file(name: string, data: Buffer): TarEntry {
  return { name, type: 'file', mode: 0o644, uid: 0, gid: 0, content: { data } };
}

function directory(name: string): TarEntry {
  return { name, type: 'directory', mode: 0o755, uid: 0, gid: 0 };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

function goArchitecture(arch: string): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[arch] ?? arch;
}
