// System or user manager. procform deploys to the system manager when it may change users (root,
// privileged) and to the deploying user's own manager (`systemctl --user`) otherwise, so the
// choice follows --force-disable-user-change and needs no option of its own: the manifest records
// it, and `down`, `status` and `logs` find the same manager again.

export type ManagerScope = 'system' | 'user';

export function managerScope(forceDisableUserChange: boolean): ManagerScope {
  return forceDisableUserChange ? 'user' : 'system';
}

/** The target whose .wants folder starts procform's units when the manager starts (boot or login). */
export function bootTarget(scope: ManagerScope): string {
  return scope === 'system' ? 'multi-user.target' : 'default.target';
}
