// For the fault-injection test only (test/fault-injection/, docs/testing.md): with
// PROCFORM_FAULT_POINT=NAME (or NAME@N, the Nth time), procform SIGKILLs itself when it reaches the
// point NAME, as a crash or `kill -9` would, so that the test can stop a switch at exactly the
// moments that matter (between recording an account and creating it, say). With
// PROCFORM_FAULT_ACTION=stop it stops itself (SIGSTOP) there instead, holding whatever it holds, until
// the test sends SIGCONT: a race between two commands is then run in the order that matters. Unset,
// it does nothing.
const reached = new Map<string, number>();

/** A point where a crash must leave a state the next command repairs. */
export function faultPoint(name: string): void {
  const wanted = process.env.PROCFORM_FAULT_POINT;
  if (wanted === undefined || wanted === '') return;
  const [point, nth = '1'] = wanted.split('@');
  if (point !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (count === Number(nth)) process.kill(process.pid, process.env.PROCFORM_FAULT_ACTION === 'stop' ? 'SIGSTOP' : 'SIGKILL');
}
