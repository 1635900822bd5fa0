import type { Executable, ManagedProcess, ManagedProcessParams } from './types.ts';

/**
 * Describes a managed process. It only tags its parameters: validation and defaults happen once
 * the whole model is known, so that errors can name the instance and dependencies can be resolved.
 */
export function createManagedProcess(params: ManagedProcessParams): ManagedProcess {
  return { ...params, kind: 'managed-process' };
}

/** A program found on PATH at build time; `install` says how to get it when it is missing. */
export function executable(name: string, options: { install?: string } = {}): Executable {
  return { kind: 'executable', name, ...options };
}
