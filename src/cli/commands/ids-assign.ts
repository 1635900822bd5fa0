import { resolve } from 'node:path';
import type { AssignIdsResult, IdsFile } from '../../ids/assign-ids.ts';
import { assignIds } from '../../ids/assign-ids.ts';
import { collectIdRequests } from '../../ids/collect-id-requests.ts';
import { findIdResourcesFile, loadIdResources } from '../../ids/load-id-resources.ts';
import { findIdsFile, ownIdsFile, readIdsFile, writeIdsFile } from '../../load/ids-file.ts';
import { procformHome, resolveDeploymentDirs, resolveForceDisableUserChange } from '../../model/deployment-dirs.ts';
import { stableJson } from '../../store/stable-json.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { dirOptions, modelFile } from '../deployment-options.ts';

export interface IdsAssignFlags extends BuildFlags {
  idResources?: string;
  output?: string;
}

/**
 * Reads the model's current IDs, evaluates the model with them, assigns IDs to instances that lack
 * one, and writes the IDs file: by default the model's own (see ownIdsFile).
 */
export async function idsAssign(model: string | undefined, flags: IdsAssignFlags): Promise<void> {
  const file = modelFile(model);
  const resources = await loadIdResources(resolve(findIdResourcesFile(file, flags.idResources)));
  const input = findIdsFile(file, flags.ids && resolve(flags.ids));
  const previous: IdsFile = input === undefined ? { ids: {}, lastAssignments: {} } : readIdsFile(input);
  const options = dirOptions(flags);
  const dirs = resolveDeploymentDirs(options);
  const requests = await collectIdRequests(file, {
    dirs,
    storeDir: flags.storeDir ? resolve(flags.storeDir) : procformHome(dirs).storeDir,
    forceDisableUserChange: resolveForceDisableUserChange(options.forceDisableUserChange),
    processManager: flags.processManager,
    extraParams: flags.extraParams ?? {},
    ids: previous.ids,
  });
  const result = assignIds({ resources, requests, previous });
  if (flags.output === '-') {
    process.stdout.write(stableJson(result.file));
    process.stderr.write(summary(result));
    return;
  }
  // An explicit --ids is read and rewritten, as upstream's README does with `--ids ids.nix --output-file ids.nix`.
  const output = flags.output !== undefined ? resolve(flags.output) : flags.ids !== undefined ? resolve(flags.ids) : ownIdsFile(file);
  await writeIdsFile(output, result.file);
  process.stdout.write(`${summary(result)}wrote ${output}\n`);
}

function summary(result: AssignIdsResult): string {
  const lines = [
    ...result.dropped.map(({ pool, instance, id, reason }) => `${pool}: ${instance} loses ${id} (${reason})`),
    ...result.assigned.map(({ pool, instance, id }) => `${pool}: ${instance} gets ${id}`),
  ];
  return lines.map((line) => `${line}\n`).join('');
}
