// The docker command line, run without a shell (arguments stay separate words). DOCKER_HOST and the
// other variables of the docker client apply, as for a user's own `docker` commands.
import { spawn } from 'node:child_process';
import { ProcformError } from '../../errors.ts';

/** Exit code when docker is not installed or its daemon does not answer (sysexits' EX_UNAVAILABLE). */
export const DOCKER_UNAVAILABLE_EXIT_CODE = 69;

export class DockerError extends ProcformError {}

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function docker(args: readonly string[], options: { input?: NodeJS.ReadableStream } = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.input) options.input.pipe(child.stdin!);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs docker and throws, naming what it was doing, when it fails. */
export async function dockerOrThrow(args: readonly string[], doing: string, options: { input?: NodeJS.ReadableStream } = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.code !== 0) throw new DockerError(`${doing}: docker ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

/** Checked before a switch changes anything: the docker client is installed and its daemon answers. */
export async function requireDocker(): Promise<void> {
  const version = await docker(['version', '--format', '{{.Server.Version}}']).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new ProcformError('the docker backend needs the docker command, which is not on PATH', {
      hint: 'Install Docker (Debian: apt-get install docker.io) and start its daemon, or choose another process manager with -P.',
      processExitCode: DOCKER_UNAVAILABLE_EXIT_CODE,
    });
  });
  if (version.code !== 0) {
    throw new ProcformError(`the docker daemon does not answer: ${version.stderr.trim().split('\n').at(-1) ?? ''}`, {
      hint: `Start it (systemctl start docker), or point DOCKER_HOST at the one to use${process.env.DOCKER_HOST ? ` (DOCKER_HOST is ${process.env.DOCKER_HOST})` : ''}.`,
      processExitCode: DOCKER_UNAVAILABLE_EXIT_CODE,
    });
  }
}
