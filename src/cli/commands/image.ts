import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { ProcformError, UsageError } from '../../errors.ts';
import type { ImageBase } from '../../image/debian-base.ts';
import { debianBase, IMAGE_BASES } from '../../image/debian-base.ts';
import type { ImageFormat } from '../../image/write-archive.ts';
import { IMAGE_FORMATS } from '../../image/write-archive.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { modelFile } from '../deployment-options.ts';

/** `--out` cannot be written (sysexits' EX_CANTCREAT). */
const CANNOT_CREATE_EXIT_CODE = 73;
/** Writing the image failed midway, a full disk for instance (sysexits' EX_IOERR); nothing is left. */
const WRITE_FAILED_EXIT_CODE = 74;

export interface ImageBuildFlags extends Pick<BuildFlags, 'processManager' | 'extraParams' | 'ids'> {
  mutable?: boolean;
  unprivileged?: boolean;
  interactive?: boolean;
  name?: string;
  tag: string;
  format: string;
  out: string;
  idResources?: string;
  base: string;
  mirror: string;
  baseCache?: string;
}

export async function imageBuild(model: string | undefined, flags: ImageBuildFlags): Promise<void> {
  const file = modelFile(model);
  if (!IMAGE_FORMATS.includes(flags.format as ImageFormat)) throw new UsageError(`--format "${flags.format}" is not an image format`, { hint: `Use one of: ${IMAGE_FORMATS.join(', ')}.` });
  const out = resolve(flags.out);
  checkWritable(out);
  const name = flags.name ?? defaultName(file);
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(name)) {
    throw new UsageError(`--name "${name}" is not a valid image name`, { hint: 'Use lowercase letters, digits and . _ - separators, with / between path parts (docker\'s rules).' });
  }
  if (!/^[\w][\w.-]{0,127}$/.test(flags.tag)) throw new UsageError(`--tag "${flags.tag}" is not a valid tag`, { hint: 'Use letters, digits, _ . and -, at most 128 characters.' });
  if (!IMAGE_BASES.includes(flags.base as ImageBase)) throw new UsageError(`--base "${flags.base}" is not an image base`, { hint: `Use one of: ${IMAGE_BASES.join(', ')}.` });
  const mutable = flags.mutable ?? false;
  // The root first: a missing mmdebstrap or an unreachable mirror is told before the model is built.
  let baseTar: string | undefined;
  if (flags.base === 'debian') {
    const base = await debianBase({ mirror: flags.mirror, ...(flags.baseCache && { cacheDir: resolve(flags.baseCache) }) });
    process.stderr.write(`Debian ${base.release} ${base.made ? 'root made with mmdebstrap' : 'root from the cache'}: ${base.tar}\n`);
    baseTar = base.tar;
  }
  const { buildImage } = await import('../../image/build-image.ts');
  let built;
  try {
    built = await buildImage({
      modelFile: file,
      processManager: flags.processManager,
      mutable,
      unprivileged: flags.unprivileged ?? false,
      interactive: flags.interactive ?? mutable,
      name,
      tag: flags.tag,
      format: flags.format as ImageFormat,
      out,
      ...(flags.extraParams && { extraParams: flags.extraParams }),
      ...(flags.ids && { idsFile: resolve(flags.ids) }),
      ...(flags.idResources && { idResourcesFile: resolve(flags.idResources) }),
      ...(baseTar && { baseTar }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof ProcformError || code === undefined) throw error;
    throw new ProcformError(`writing the image ${out} failed: ${(error as Error).message}`, {
      cause: error,
      hint: code === 'ENOSPC' ? 'Free space on that disk, or write --out elsewhere. Nothing was left behind.' : 'Nothing was left behind.',
      processExitCode: WRITE_FAILED_EXIT_CODE,
    });
  }
  process.stderr.write(`${name}:${flags.tag} (${flags.format}, ${mutable ? 'mutable' : 'immutable'}, ${flags.processManager}${baseTar ? ', on Debian' : ''}): ${built.files} files, ${(built.size / 1024 / 1024).toFixed(1)} MiB, image ID ${built.id}\n`);
  process.stdout.write(`${out}\n`);
}

export async function imageEntrypoint(profile: string | undefined): Promise<void> {
  const { runEntrypoint } = await import('../../image/entrypoint.ts');
  process.exitCode = await runEntrypoint(profile);
}

function checkWritable(out: string): void {
  const folder = dirname(out);
  const fail = (why: string) => new ProcformError(`cannot write the image to ${out}: ${why}`, { hint: 'Pass --out in a folder that exists and that you can write.', processExitCode: CANNOT_CREATE_EXIT_CODE });
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw fail(`${folder} is not a folder`);
  if (existsSync(out) && statSync(out).isDirectory()) throw fail('it is a folder');
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw fail(`${folder} is not writable`);
  }
}

/** processes.ts is named after its folder (examples/webapps → webapps), any other model after its file. */
function defaultName(file: string): string {
  const base = basename(file, extname(file));
  const name = base === 'processes' ? basename(dirname(file)) : base;
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'procform';
}
