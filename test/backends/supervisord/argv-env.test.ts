import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/build/build-profile.ts';
import { locateDeployment } from '../../../src/deploy/deployment.ts';
import { switchProfile } from '../../../src/deploy/switch-profile.ts';
import type { ModelFunction } from '../../../src/load/load-model.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { argvEnvModel, expectedArgv, expectedEnv, nastyValues, probeScript } from '../../support/argv-env-model.ts';
import { supervisordDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

async function deployAndRead(model: (out: string) => ModelFunction): Promise<{ argv: string[]; env: Record<string, string>; wrapper: boolean }> {
  const deployment = supervisordDeployment();
  const out = join(deployment.dir, 'probe.json');
  const built = await buildProfile({
    modelFile: join(deployment.dir, 'processes.ts'),
    model: model(out),
    processManager: 'supervisord',
    dirs: { stateDir: deployment.stateDir },
    forceDisableUserChange: true,
  });
  await switchProfile(locateDeployment({ dirs: { stateDir: deployment.stateDir } }), { path: built.path, manifest: built.manifest }, () => {});
  await eventually(() => existsSync(out));
  const program = readFileSync(join(built.path, 'supervisord/conf.d/probe.conf'), 'utf8');
  return { ...(JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> }), wrapper: program.includes('-supervisord-wrapper') };
}

describe('arguments and environment on supervisord', () => {
  it('reach the process byte for byte, newlines included (through the wrapper)', async () => {
    const { argv, env, wrapper } = await deployAndRead(argvEnvModel);
    expect(wrapper).toBe(true);
    expect(argv).toEqual(expectedArgv());
    expect(env).toMatchObject(expectedEnv());
  });

  it('reach the process byte for byte through supervisord\'s own command= and environment=', async () => {
    const values = nastyValues.filter((value) => !value.includes('\n'));
    const variables = Object.fromEntries(values.map((value, index) => [`VALUE_${index}`, value]));
    const { argv, env, wrapper } = await deployAndRead((out) => () => ({
      probe: {
        pkg: createManagedProcess({
          foregroundProcess: process.execPath,
          foregroundProcessArgs: [probeScript, ...values],
          environment: { PROCFORM_PROBE_OUT: out, ...variables },
          restart: 'no',
        }),
      },
    }));
    expect(wrapper).toBe(false);
    expect(argv).toEqual(values);
    expect(env).toMatchObject(variables);
  });
});
