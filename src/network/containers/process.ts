// `process` and `managed-process`: process services are instances of one procform deployment per
// container on the machine (profile `network-<container>`), whose model imports the services model
// copied to it. Activating or deactivating one is a `procform switch` of that deployment to the
// set with or without it — to the profile the coordinator built for that set and sent, or, with
// `--build-on target`, building it there: the machine's own switch then starts, stops or keeps
// exactly what changed.
import { DEFAULT_PROCESS_MANAGER } from '../../backends/registry.ts';
import type { Container } from '../../model/types.ts';
import { ProcformError } from '../../errors.ts';
import { shellCommand, shellQuote } from '../../shell/quote.ts';
import { configurationKey } from '../build-on-coordinator.ts';
import type { ServiceRecord } from '../network-record.ts';
import type { ActivationContext, ContainerModule } from './types.ts';

/** The process manager of the `process` container: Disnix's `process` type, processes without a manager (docs/backends/disnix.md). */
export const PROCESS_CONTAINER_MANAGER = 'disnix';

/** Which process manager deploys the services of a process container. */
export function processManagerOf(container: Container): string {
  const chosen = container.properties.processManager;
  if (container.type !== 'managed-process') return PROCESS_CONTAINER_MANAGER;
  return typeof chosen === 'string' ? chosen : DEFAULT_PROCESS_MANAGER;
}

export const processContainer: ContainerModule = {
  async activate(context, service) {
    context.processes.set(service.key, service);
    await switchContainer(context, service);
  },
  async deactivate(context, service) {
    context.processes.delete(service.key);
    await switchContainer(context, service);
  },
};

/** Switches the container's deployment on the machine to the services the deploy has active there now. */
async function switchContainer(context: ActivationContext, service: ServiceRecord): Promise<void> {
  const { networkDir, deploymentOptions } = service.process!;
  const modelFile = `${networkDir}/network-${service.container.name}.ts`;
  const { machine } = context;
  const services = [...context.processes.values()];
  let built: string[] = [];
  if (context.profiles !== undefined) {
    const profile = context.profiles.get(configurationKey(context.machineName, service.container.name, services));
    if (profile === undefined) throw new ProcformError(`no profile was built for container ${service.container.name} on ${context.machineName} with ${services.map(({ key }) => key).join(', ') || 'nothing'}`);
    built = ['--built', profile];
  }
  const output = await context.run(
    [
      `mkdir -p ${shellQuote(networkDir)}`,
      `cat > ${shellQuote(modelFile)}`,
      shellCommand([
        machine.procform ?? 'procform',
        'switch',
        modelFile,
        ...deploymentOptions,
        '-P',
        processManagerOf(service.container),
        '--allow-empty',
        ...built,
      ]),
    ].join(' && '),
    containerModel(services),
  );
  context.log(output.trim().split('\n').at(-1) ?? '');
}

/** The processes model the machine builds: each service's constructor, with its inter-dependencies. */
export function containerModel(services: readonly ServiceRecord[]): string {
  const modelFiles = [...new Set(services.map((service) => service.process!.modelFile))].sort();
  const entries = [...services]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((service) => ({ key: service.key, model: modelFiles.indexOf(service.process!.modelFile), dependencies: service.process!.interDependencies }));
  return [
    '// Written by procform deploy: the services of this container on this machine.',
    ...modelFiles.map((file, index) => `import model${index} from ${JSON.stringify(file)};`),
    '',
    `const models = [${modelFiles.map((_file, index) => `model${index}`).join(', ')}];`,
    `const entries = ${JSON.stringify(entries, null, 2)};`,
    '',
    'export default (ctx) =>',
    '  Object.fromEntries(',
    '    entries.map(({ key, model, dependencies }) => {',
    '      const made = models[model].services[key].pkg(ctx, dependencies);',
    "      return [key, made.kind === 'managed-process' ? { pkg: made } : made];",
    '    }),',
    '  );',
    '',
  ].join('\n');
}
