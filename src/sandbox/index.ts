// Sandboxes: a machine per test variant, made of Linux namespaces instead of a VM. See docs/sandbox.md.
export { createSandbox } from './create-sandbox.ts';
export { SandboxBootError, SandboxCommandError, SandboxError } from './errors.ts';
export type * from './types.ts';
