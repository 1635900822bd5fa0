import { shellQuote } from '../shell/quote.ts';
import type { ImportedLiveness, ImportedModel, ImportedProcess, ImportedReadiness, ImportNote, Text } from './imported-model.ts';

const formatNames = { procfile: 'a Procfile, as foreman runs it', compose: 'a docker compose file', 'process-compose': 'a process-compose file' } as const;

export interface RenderOptions {
  /** The imported file as the user named it. */
  sourceName: string;
  /** The imported file's folder, relative to the written model's folder ('.' when the same). */
  projectDirFromModel: string;
  /** Instance keys in an order where every dependency comes before its dependents. */
  order: readonly string[];
}

/**
 * Writes an imported model as a processes.ts: one createManagedProcess per instance, dependencies
 * as references, what was not carried over as a comment at the top. Deterministic: the same file
 * gives the same text.
 */
export function renderModel(model: ImportedModel, options: RenderOptions): string {
  const byKey = new Map(model.processes.map((process) => [process.key, process]));
  const identifiers = uniqueIdentifiers(options.order);
  const usesEnvFiles = model.processes.some((process) => process.envFiles.length > 0) || model.variablesFile !== undefined;
  const lines: string[] = [
    `// Imported by \`procform import\` from ${options.sourceName} (${formatNames[model.format]}). An ordinary processes`,
    '// model from here on (docs/model.md): edit it, then `procform switch` it.',
  ];
  if (model.notes.length > 0) {
    lines.push('//', '// Not carried over, or carried over differently (procform import printed these too):');
    for (const note of model.notes) lines.push(...wrapComment(`- ${describeNote(note, options.sourceName)}`));
  }
  lines.push(
    "import { dirname, resolve } from 'node:path';",
    "import { fileURLToPath } from 'node:url';",
    `import { createManagedProcess, defineProcesses${usesEnvFiles ? ', readEnvFile' : ''} } from 'procform';`,
    '',
    `// The folder of ${options.sourceName}: the processes run there, and its relative paths start there.`,
    `const projectDir = ${options.projectDirFromModel === '.' ? 'dirname(fileURLToPath(import.meta.url))' : `resolve(dirname(fileURLToPath(import.meta.url)), ${JSON.stringify(options.projectDirFromModel)})`};`,
  );
  if (model.variablesFile !== undefined || usesVariables(model)) {
    lines.push(
      '',
      '// docker compose takes ${VAR} from the environment, then from .env, when it runs; this model does when procform builds it.',
      ...(model.variablesFile === undefined
        ? ['const variable = (name: string): string | undefined => process.env[name];']
        : [
            `const dotenv = readEnvFile(resolve(projectDir, ${JSON.stringify(model.variablesFile)}), { optional: true });`,
            'const variable = (name: string): string | undefined => process.env[name] ?? dotenv[name];',
          ]),
      'const required = (name: string, message: string, emptyIsUnset: boolean): string => {',
      '  const value = variable(name);',
      '  if (value === undefined || (emptyIsUnset && value === \'\')) throw new Error(`${name}: ${message || \'is not set\'}`);',
      '  return value;',
      '};',
    );
  }
  lines.push('', 'export default defineProcesses(() => {');
  for (const key of options.order) {
    const process = byKey.get(key)!;
    lines.push(`  const ${identifiers.get(key)} = {`, '    pkg: createManagedProcess({', ...processFields(process, identifiers).map((field) => `      ${field},`), '    }),', '  };');
  }
  const entries = options.order.map((key) => (key === identifiers.get(key) ? key : `${JSON.stringify(key)}: ${identifiers.get(key)}`));
  lines.push(`  return { ${entries.join(', ')} };`, '});', '');
  return lines.join('\n');
}

function processFields(process: ImportedProcess, identifiers: Map<string, string>): string[] {
  const fields: string[] = [];
  if (process.description !== undefined) fields.push(`description: ${JSON.stringify(process.description)}`);
  if (process.command.kind === 'argv') {
    fields.push(`process: ${JSON.stringify(process.command.executable)}`);
    if (process.command.args.length > 0) fields.push(`args: [${process.command.args.map(textExpression).join(', ')}]`);
  } else {
    // A stand-in that builds and deploys, and says in its log what is missing.
    fields.push("process: 'sh'", `args: ['-c', ${JSON.stringify(`echo ${shellQuote(`${process.key}: ${process.command.reason}`)} >&2; exit 1`)}]`);
  }
  if (process.directory !== undefined) fields.push(`directory: ${process.directory === '.' ? 'projectDir' : process.directory.startsWith('/') ? JSON.stringify(process.directory) : `resolve(projectDir, ${JSON.stringify(process.directory)})`}`);
  const environment = [
    ...process.envFiles.map((file) => `...readEnvFile(resolve(projectDir, ${JSON.stringify(file.path)})${file.optional ? ', { optional: true }' : ''})`),
    ...process.environment.map(([name, value]) => `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${textExpression(value)}`),
  ];
  if (environment.length > 0) fields.push(`environment: { ${environment.join(', ')} }`);
  if (process.dependencies.length > 0) fields.push(`dependencies: [${process.dependencies.map((key) => identifiers.get(key)).join(', ')}]`);
  if (process.readiness) fields.push(`readiness: ${readinessExpression(process.readiness)}`);
  if (process.liveness) fields.push(`liveness: ${livenessExpression(process.liveness)}`);
  const restart = process.command.kind === 'placeholder' ? { policy: 'no' as const } : process.restart;
  if (restart) {
    const backoff = [
      restart.initialMs !== undefined && `initial: ${durationLiteral(restart.initialMs)}`,
      restart.multiplier !== undefined && `multiplier: ${restart.multiplier}`,
      restart.maxRestarts !== undefined && `maxRestarts: ${restart.maxRestarts}`,
    ].filter(Boolean);
    fields.push(`restart: ${backoff.length === 0 ? `'${restart.policy}'` : `{ policy: '${restart.policy}', backoff: { ${backoff.join(', ')} } }`}`);
  }
  if (process.stop) {
    const stop = [process.stop.signal && `signal: '${process.stop.signal}'`, process.stop.timeoutMs !== undefined && `timeout: ${durationLiteral(process.stop.timeoutMs)}`].filter(Boolean);
    fields.push(`stop: { ${stop.join(', ')} }`);
  }
  if (process.timestamps) fields.push('log: { timestamps: true }');
  if (process.ports.length > 0) fields.push(`ports: [${process.ports.join(', ')}]`);
  return fields;
}

function readinessExpression(readiness: ImportedReadiness): string {
  return probeExpression(readiness, [
    readiness.intervalMs !== undefined && `interval: ${durationLiteral(readiness.intervalMs)}`,
    readiness.timeoutMs !== undefined && `timeout: ${durationLiteral(readiness.timeoutMs)}`,
  ]);
}

function livenessExpression(liveness: ImportedLiveness): string {
  return probeExpression(liveness, [
    liveness.periodMs !== undefined && `period: ${durationLiteral(liveness.periodMs)}`,
    liveness.timeoutMs !== undefined && `timeout: ${durationLiteral(liveness.timeoutMs)}`,
    liveness.failures !== undefined && `failures: ${liveness.failures}`,
    liveness.afterMs !== undefined && `after: ${durationLiteral(liveness.afterMs)}`,
  ]);
}

function probeExpression(probe: ImportedReadiness | ImportedLiveness, timing: (string | false)[]): string {
  const check =
    probe.kind === 'exec'
      ? `command: ${'argv' in probe.command ? `[${probe.command.argv.map(textExpression).join(', ')}]` : textExpression(probe.command.shell)}`
      : probe.kind === 'http'
        ? `url: ${textExpression(probe.url)}`
        : `pattern: ${JSON.stringify(probe.pattern)}`;
  return `{ kind: '${probe.kind}', ${[check, ...timing.filter(Boolean)].join(', ')} }`;
}

/** A JavaScript expression for text: a string literal, or a template literal taking variables. */
function textExpression(text: Text): string {
  // Several lines (a script) read best as they were written.
  if (typeof text === 'string') return text.includes('\n') ? `\`${escapeTemplate(text)}\`` : JSON.stringify(text);
  return `\`${text.map((part) => (typeof part === 'string' ? escapeTemplate(part) : `\${${variableExpression(part)}}`)).join('')}\``;
}

function escapeTemplate(text: string): string {
  return text.replace(/[`\\]|\$\{/g, (match) => `\\${match}`);
}

function variableExpression(part: Exclude<Text, string>[number] & object): string {
  const name = JSON.stringify(part.variable);
  switch (part.operator) {
    case ':-':
      return `variable(${name}) || ${textExpression(part.argument)}`;
    case '-':
      return `variable(${name}) ?? ${textExpression(part.argument)}`;
    case ':?':
      return `required(${name}, ${textExpression(part.argument)}, true)`;
    case '?':
      return `required(${name}, ${textExpression(part.argument)}, false)`;
    default:
      return `variable(${name}) ?? ''`;
  }
}

function usesVariables(model: ImportedModel): boolean {
  const texts = model.processes.flatMap((process) => [
    ...(process.command.kind === 'argv' ? process.command.args : []),
    ...process.environment.map(([, value]) => value),
    ...probeTexts(process.readiness),
    ...probeTexts(process.liveness),
  ]);
  return texts.some((text) => typeof text !== 'string');
}

function probeTexts(probe: ImportedReadiness | ImportedLiveness | undefined): Text[] {
  if (probe?.kind === 'exec') return 'argv' in probe.command ? probe.command.argv : [probe.command.shell];
  return probe?.kind === 'http' ? [probe.url] : [];
}

function durationLiteral(ms: number): string {
  if (ms % 60_000 === 0 && ms > 0) return `'${ms / 60_000}m'`;
  if (ms % 1000 === 0 && ms > 0) return `'${ms / 1000}s'`;
  return `'${ms}ms'`;
}

/** An identifier per instance key (`api-server` → apiServer, `web.1` → web1), unique and not a reserved word. */
function uniqueIdentifiers(keys: readonly string[]): Map<string, string> {
  const reserved = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'process', 'projectDir', 'variable', 'required', 'dotenv', 'resolve', 'dirname', 'fileURLToPath', 'createManagedProcess', 'defineProcesses', 'readEnvFile', 'arguments', 'eval', 'undefined']);
  const used = new Set<string>();
  const identifiers = new Map<string, string>();
  for (const key of keys) {
    let base = key.replace(/[^A-Za-z0-9_$]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase());
    if (base === '' || /^\d/.test(base) || reserved.has(base)) base = `_${base}`;
    let identifier = base;
    for (let suffix = 2; used.has(identifier); suffix += 1) identifier = `${base}${suffix}`;
    used.add(identifier);
    identifiers.set(key, identifier);
  }
  return identifiers;
}

export function describeNote(note: ImportNote, sourceName: string): string {
  const where = note.line === undefined ? '' : `${sourceName}:${note.line}: `;
  return `${where}${note.process === undefined ? '' : `${note.process}: `}${note.message}`;
}

function wrapComment(text: string): string[] {
  const lines: string[] = [];
  let line = '//';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 110 && line !== '//' && line !== '//  ') {
      lines.push(line);
      line = '//  ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

