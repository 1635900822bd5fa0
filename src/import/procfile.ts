import type { ImportedModel, ImportedProcess, ImportNote } from './imported-model.ts';
import { ImportError } from './import-error.ts';

export interface ProcfileOptions {
  /** How many instances of each process type (foreman's `-m web=2,worker=1`); 1 when not named. */
  formation: Record<string, number>;
  /** foreman's `-p`: the first process type's PORT; each type gets 100 more, each instance 1 more. */
  portBase: number;
  /** Whether a `.env` is beside the Procfile (foreman reads it into every process). */
  hasDotenv: boolean;
}

// foreman's own pattern for a Procfile line (lib/foreman/procfile.rb).
const entryLine = /^([A-Za-z0-9_-]+):\s*(.+)$/;

/**
 * A Procfile as foreman runs it: every line `name: command` is a process type run by `sh -c` in the
 * Procfile's folder, with the variables of `.env`, `PORT` set per instance, as many instances as the
 * formation says.
 */
export function importProcfile(file: string, text: string, options: ProcfileOptions): ImportedModel {
  const entries: { name: string; command: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = entryLine.exec(line);
    if (!match) {
      throw new ImportError(file, index + 1, `"${line}" is not a Procfile entry`, {
        hint: 'Each line is `name: command`, the name made of letters, digits, "_" and "-"; pass --format if this is not a Procfile.',
      });
    }
    if (entries.some((entry) => entry.name === match[1])) {
      throw new ImportError(file, index + 1, `process type "${match[1]}" is defined twice`, { hint: 'Give each process type its own name.' });
    }
    entries.push({ name: match[1]!, command: match[2]!, line: index + 1 });
  });
  if (entries.length === 0) throw new ImportError(file, undefined, 'has no process types', { hint: 'A Procfile has lines such as `web: bundle exec rails server -p $PORT`.' });
  for (const name of Object.keys(options.formation)) {
    if (!entries.some((entry) => entry.name === name)) {
      throw new ImportError(file, undefined, `the formation names "${name}", which is not a process type of it`, {
        hint: `Its process types: ${entries.map((entry) => entry.name).join(', ')}.`,
      });
    }
  }

  const processes: ImportedProcess[] = [];
  entries.forEach((entry, typeIndex) => {
    const count = options.formation[entry.name] ?? 1;
    for (let instance = 1; instance <= count; instance += 1) {
      const port = options.portBase + typeIndex * 100 + instance - 1;
      processes.push({
        key: count === 1 ? entry.name : `${entry.name}.${instance}`,
        command: { kind: 'argv', executable: 'sh', args: ['-c', entry.command] },
        envFiles: options.hasDotenv ? [{ path: '.env', optional: false }] : [],
        environment: [['PORT', String(port)]],
        directory: '.',
        dependencies: [],
        ports: [port],
      });
    }
  });
  const notes: ImportNote[] = [
    {
      message:
        'foreman stops every process when one exits; procform restarts a process that fails (restart: on-failure) and leaves the others running',
    },
  ];
  return { format: 'procfile', processes, notes };
}
