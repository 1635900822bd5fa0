import { ProcformError } from '../../errors.ts';

/** An apply that could not bring every instance up: names the first failed instance; the message has all. */
export class InstanceFailedError extends ProcformError {
  readonly instance: string | undefined;

  constructor(message: string, instance: string | undefined) {
    super(message, { hint: instance === undefined ? undefined : `See its log: procform logs ${instance}` });
    this.instance = instance;
  }
}
