// s6-rc source definitions (overrides applied) as files: each service folder under etc/s6/sv/, one
// file per key. The profile adds the `default` bundle of every instance.
import { InstanceError } from '../../errors.ts';
import type { LowerInput, ProfileInstance, RenderedFile } from '../types.ts';
import type { S6RcFile, S6RcParams } from './lower.ts';
import { DEFAULT_BUNDLE, SOURCE_DIR } from './paths.ts';

// Files s6-supervise executes.
const executables = new Set(['run', 'finish']);

export function renderS6Rc(params: S6RcParams, { spec }: LowerInput): Record<string, RenderedFile> {
  const files: Record<string, RenderedFile> = {};
  for (const [service, definition] of Object.entries(params.services)) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.@:+-]*$/.test(service)) {
      throw new InstanceError({ instance: spec.instance, field: `overrides.s6-rc.services.${service}`, message: 'is not a service name s6-rc accepts here' });
    }
    for (const [name, value] of Object.entries(definition)) {
      const text = fileText(value);
      if (text === null) continue;
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new InstanceError({ instance: spec.instance, field: `overrides.s6-rc.services.${service}.${name}`, message: 'is not an s6-rc file name' });
      const path = `${SOURCE_DIR}/${service}/${name}`;
      files[path] = executables.has(name) ? { kind: 'file', text, executable: true } : text;
    }
  }
  return files;
}

/** The `default` bundle: what `s6-rc change default` brings up. */
export function renderDefaultBundle(instances: readonly ProfileInstance[]): Record<string, RenderedFile> {
  const contents = instances.map(({ spec }) => `${spec.name}\n`).join('');
  return { [`${SOURCE_DIR}/${DEFAULT_BUNDLE}/type`]: 'bundle\n', [`${SOURCE_DIR}/${DEFAULT_BUNDLE}/contents`]: contents };
}

function fileText(value: S6RcFile): string | null {
  if (value === null || value === false) return null;
  if (value === true) return '';
  if (typeof value === 'number') return `${value}\n`;
  if (typeof value === 'string') return value.endsWith('\n') || value === '' ? value : `${value}\n`;
  return value.map((line) => `${line}\n`).join('');
}
