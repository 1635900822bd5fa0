import { join } from 'node:path';
import type { EvaluatedModel } from '../../src/load/evaluate-model.ts';
import { evaluateModel } from '../../src/load/evaluate-model.ts';
import type { ModelFunction } from '../../src/load/load-model.ts';
import { resolveDeploymentDirs } from '../../src/model/deployment-dirs.ts';
import { tempDir } from './temp-dir.ts';

/** Evaluates an inline model function in a throw-away state folder. */
export async function evaluateInline(
  model: ModelFunction,
  options: { forceDisableUserChange?: boolean; processManager?: string; stateDir?: string; extraParams?: Record<string, unknown> } = {},
): Promise<EvaluatedModel> {
  const stateDir = options.stateDir ?? join(tempDir(), 'state');
  return evaluateModel(
    join(stateDir, 'processes.ts'),
    {
      dirs: resolveDeploymentDirs({ stateDir }),
      storeDir: join(stateDir, 'lib/procform/store'),
      forceDisableUserChange: options.forceDisableUserChange ?? false,
      processManager: options.processManager ?? 'none',
      extraParams: options.extraParams ?? {},
    },
    model,
  );
}
