import { statSync } from 'node:fs';
import { packageRoot } from '../package-root.ts';
import type { ResolvedBind } from './resolve-binds.ts';

// Folders a sandbox starts empty (fresh tmpfs), hiding what the host has there.
const emptiedFolders = ['/home', '/root', '/tmp', '/var/tmp', '/run'];

/**
 * Whether a host folder would be missing inside a sandbox: the overlay shows only the host's root
 * file system, and the emptied folders hide the host's content.
 */
export function hiddenInSandbox(folder: string, onRootFileSystem: boolean): boolean {
  return !onRootFileSystem || emptiedFolders.some((emptied) => folder === emptied || folder.startsWith(`${emptied}/`));
}

/**
 * A read-only bind of the procform package that creates the sandbox, when the sandbox would not
 * show it otherwise (a checkout in /home/runner, say): tests run procform inside.
 */
export function procformBind(): ResolvedBind | undefined {
  const root = packageRoot();
  const onRootFileSystem = statSync(root).dev === statSync('/').dev;
  return hiddenInSandbox(root, onRootFileSystem) ? { source: root, target: root, readOnly: true } : undefined;
}
