// What the docker backend lowers a process to: upstream's createDockerContainer (a container of its
// own per instance, from an image of its own, on the host network, its state folders as volumes)
// plus `docker create` parameters the model can override.
import type { ReadinessSpec } from '../../model/types.ts';

/**
 * Extra `docker create` options, upstream's `dockerCreateParameters` as an object: name → value.
 * `true` passes the bare option (`--read-only`), a string one `--name value`, an array the option
 * once per value (`--cap-add`, `--volume`), and `null` or `false` removes an option procform would
 * have passed (`{ network: null }` drops `--network host`). A one-letter name is `-x`. They are
 * added after procform's own options, so docker's last-one-wins options can be changed as well.
 */
export type DockerCreateParameters = Record<string, string | number | true | false | null | readonly (string | number)[]>;

export interface DockerParams extends Record<string, unknown> {
  /** The container's name within the deployment: `procform-<deployment>-<name>`. */
  name: string;
  description: string;
  /** The container's command: the program's argv, or `/bin/sh -c SCRIPT` running it (src/runtime/sh-launch.ts). */
  command: string[];
  /** The container's environment, PATH included. */
  environment: Record<string, string>;
  /** Absolute programs the image must hold beyond the command's (readiness `exec`, the user switch). */
  programs: string[];
  /** A daemon's PID file (the program only daemonizes and runs behind the foreground proxy), or null. */
  daemonPidFile: string | null;
  /** The user the process runs as (setpriv after `initialize`, which runs as root), or null. */
  user: string | null;
  /** Host folders mounted at the same path inside the container (upstream's mapStateDirVolumes). */
  volumes: string[];
  /** Mounted read-only: procform's store, where generated configuration lives (upstream's useHostNixStore). */
  readOnlyVolumes: string[];
  /** docker's --restart: `no`, `on-failure` or `unless-stopped` (the model's `always`). */
  restart: 'no' | 'on-failure' | 'unless-stopped';
  stopSignal: string;
  stopTimeoutSeconds: number;
  /** docker's json-file rotation (`--log-opt max-size`, `max-file`), or null to keep everything. */
  logRotation: { maxBytes: number; files: number } | null;
  readiness: ReadinessSpec | null;
  dependencies: string[];
  /** Options beyond procform's; see DockerCreateParameters. Override with `overrides.docker.createParameters`. */
  createParameters: DockerCreateParameters;
}
