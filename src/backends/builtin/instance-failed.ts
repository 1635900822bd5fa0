// The shared instance-failed error (src/deploy/instance-failed.ts), under the name the builtin driver always used.
export { InstanceFailedError } from '../../deploy/instance-failed.ts';
