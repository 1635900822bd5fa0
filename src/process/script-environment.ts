import { DEFAULT_PATH } from './search-path.ts';

/** Variables a script keeps from its caller; everything else is left out, as service(8) does. */
const keptVariables = ['HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'TERM'];

/**
 * The environment init scripts and process managers procform starts run in: a standard PATH and the
 * caller's locale and identity, so that what a service sees does not depend on the shell that ran
 * `procform switch`.
 */
export function scriptEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(keptVariables.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
  return { PATH: DEFAULT_PATH, ...kept };
}
