/**
 * Where a unit with `log` readiness notes the size of its log when a run starts (its
 * ExecStartPre=), so that only what the run writes after it counts.
 */
export function logMarkFile(runtimeDir: string, name: string): string {
  return `${runtimeDir}/procform-${name}.log-offset`;
}
