// A runit service folder (overrides applied) as files of the instance's store entry, with
// `supervise` links into the deployment's runtime folder (the store is read-only).
import { InstanceError } from '../../errors.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import type { RunitParams } from './lower.ts';
import { serviceFolder, superviseDir } from './paths.ts';

// Files runsv executes.
const executables = new Set(['run', 'finish', 'check', 'log/run', 'log/finish']);

export function renderRunit(params: RunitParams, { spec, ctx }: LowerInput): Record<string, RenderedFile> {
  const folder = serviceFolder(spec.name);
  const files: Record<string, RenderedFile> = {
    [`${folder}/supervise`]: { kind: 'symlink', target: superviseDir(ctx, spec.name) },
    [`${folder}/log/supervise`]: { kind: 'symlink', target: superviseDir(ctx, `${spec.name}-log`) },
  };
  for (const [path, value] of Object.entries(params.files)) {
    if (value === null || value === false) continue;
    if (!/^[a-z][a-z0-9_-]*(\/[a-z][a-z0-9_-]*)?$/.test(path) || path.endsWith('supervise')) {
      throw new InstanceError({ instance: spec.instance, field: `overrides.runit.files.${path}`, message: 'is not a file of a runit service folder' });
    }
    const text = value === true ? '' : value;
    files[`${folder}/${path}`] = executables.has(path) || path.startsWith('control/') ? { kind: 'file', text, executable: true } : text;
  }
  return files;
}
