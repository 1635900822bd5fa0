// What an importer makes of a Procfile, a docker compose file or a process-compose file, before it
// is written as TypeScript (render-model.ts): plain data, so each importer is a pure function of
// the file and tests can look at what it understood.

/**
 * Text whose parts may be variables taken when the model is built, as docker compose interpolates
 * `${VAR:-default}` when it runs. A plain string is the common case.
 */
export type Text = string | TextPart[];
export type TextPart = string | { variable: string; operator: '' | ':-' | '-' | ':?' | '?'; argument: Text };

export type ImportedCommand =
  | { kind: 'argv'; executable: string; args: Text[] }
  /** No command runs on this machine (a container image's own); the instance says so when started. */
  | { kind: 'placeholder'; reason: string };

/** A check that asks the process something: readiness and liveness checks share these. */
export type ImportedProbe =
  /** A shell command line, or a program and its arguments. */
  | { kind: 'exec'; command: { shell: Text } | { argv: Text[] } }
  | { kind: 'http'; url: Text };

export type ImportedReadiness = (ImportedProbe | { kind: 'log'; pattern: string }) & { intervalMs?: number; timeoutMs?: number };

/** Timings left out are procform's defaults (docs/model.md). */
export type ImportedLiveness = ImportedProbe & { periodMs?: number; timeoutMs?: number; failures?: number; afterMs?: number };

export interface ImportedProcess {
  /** The instance's key in the model (a replica's has its number). */
  key: string;
  description?: string;
  command: ImportedCommand;
  /** Env files read when the model is built, relative to the imported file's folder, before `environment`. */
  envFiles: { path: string; optional: boolean }[];
  environment: [name: string, value: Text][];
  /** Relative to the imported file's folder, or absolute. */
  directory?: string;
  dependencies: string[];
  readiness?: ImportedReadiness;
  liveness?: ImportedLiveness;
  restart?: { policy: 'no' | 'on-failure' | 'always'; initialMs?: number; multiplier?: number; maxRestarts?: number };
  stop?: { signal?: string; timeoutMs?: number };
  timestamps?: boolean;
  ports: number[];
}

/** Something of the file that the model does not carry over, or carries over differently. */
export interface ImportNote {
  /** The process (as the file names it) it is about, if any. */
  process?: string;
  line?: number;
  message: string;
}

export interface ImportedModel {
  format: ImportFormat;
  processes: ImportedProcess[];
  notes: ImportNote[];
  /** A dotenv file beside the imported file whose values variables take after the environment's. */
  variablesFile?: string;
}

export const IMPORT_FORMATS = ['procfile', 'compose', 'process-compose'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
