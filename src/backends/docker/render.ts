import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stableJson } from '../../store/stable-json.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import { checkedParameters } from './create-args.ts';
import type { DockerParams } from './params.ts';

const infoFolder = 'share/procform-docker';

/** An instance's store entry: its container's parameters (overrides applied), which the driver creates it from. */
export function renderDocker(params: DockerParams, { spec }: LowerInput): Record<string, RenderedFile> {
  checkedParameters(params.createParameters, spec.instance);
  return { [`${infoFolder}/${params.name}.json`]: stableJson(params) };
}

/** The parameters of the one container in an instance's store entry. */
export async function readContainerParams(storePath: string): Promise<DockerParams> {
  const [file] = await readdir(join(storePath, infoFolder));
  return JSON.parse(await readFile(join(storePath, infoFolder, file!), 'utf8')) as DockerParams;
}
