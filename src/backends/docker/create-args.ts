import { InstanceError } from '../../errors.ts';
import type { DockerCreateParameters, DockerParams } from './params.ts';

export interface ContainerIdentity {
  instance: string;
  /** The container's name on the docker host. */
  container: string;
  image: string;
  /** Labels that find the deployment's containers again (and tell which store entry made each). */
  labels: Record<string, string>;
  /** `uid:gid` of a deploying user who is not root, for an instance without a user of its own, or null. */
  caller: string | null;
}

/**
 * `docker create`'s arguments for an instance: procform's options as a name → value map, the model's
 * createParameters merged over them (null or false removes one), then the image and the command as
 * separate words, so that arguments and environment values reach the process byte for byte.
 */
export function createArgs(params: DockerParams, identity: ContainerIdentity): string[] {
  const own: DockerCreateParameters = {
    name: identity.container,
    // Who deploys without root runs the program as themselves, not as the container's root (which is the host's).
    user: params.user === null ? identity.caller : null,
    network: 'host',
    init: true,
    restart: params.restart,
    'stop-signal': params.stopSignal,
    'stop-timeout': params.stopTimeoutSeconds,
    'log-driver': 'json-file',
    'log-opt': params.logRotation === null ? [] : [`max-size=${params.logRotation.maxBytes}`, `max-file=${params.logRotation.files}`],
    volume: [...params.volumes.map((folder) => `${folder}:${folder}`), ...params.readOnlyVolumes.map((folder) => `${folder}:${folder}:ro`)],
    env: Object.keys(params.environment)
      .sort()
      .map((name) => `${name}=${params.environment[name]}`),
    label: Object.entries(identity.labels).map(([name, value]) => `${name}=${value}`),
  };
  const merged: DockerCreateParameters = { ...own, ...checkedParameters(params.createParameters, identity.instance) };
  const args = ['create'];
  for (const [name, value] of Object.entries(merged)) {
    const option = name.length === 1 ? `-${name}` : `--${name}`;
    if (value === null || value === false) continue;
    if (value === true) args.push(option);
    else if (Array.isArray(value)) for (const each of value) args.push(`${option}=${each}`);
    else args.push(`${option}=${value}`);
  }
  // `--` keeps a command beginning with a dash from being read as docker's option.
  return [...args, '--', identity.image, ...params.command];
}

/** The model's createParameters, refused when one is not a docker option's shape (before anything runs). */
export function checkedParameters(parameters: unknown, instance: string): DockerCreateParameters {
  const fail = (message: string) =>
    new InstanceError(
      { instance, field: 'overrides.docker.createParameters', message },
      { hint: 'Give an object of docker create options without their dashes: { memory: "256m", "cap-add": ["NET_ADMIN"], "read-only": true, network: null }.' },
    );
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) throw fail('must be an object of option name → value');
  for (const [name, value] of Object.entries(parameters)) {
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) throw fail(`"${name}" is not a docker create option name (no leading dashes, no spaces)`);
    if (name === 'name') throw fail('"name" cannot be changed: procform finds its containers by name');
    const scalar = (each: unknown) => typeof each === 'string' || typeof each === 'number';
    const ok = value === null || typeof value === 'boolean' || scalar(value) || (Array.isArray(value) && value.every(scalar));
    if (!ok) throw fail(`option "${name}" must be a string, a number, true, false, null or a list of strings`);
  }
  return parameters as DockerCreateParameters;
}
