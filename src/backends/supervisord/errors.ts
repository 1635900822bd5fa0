import { ProcformError } from '../../errors.ts';

/** supervisord refused something, is unreachable, or a program failed under it. */
export class SupervisordError extends ProcformError {}

/** An XML-RPC fault from supervisord, with its code (supervisor.xmlrpc.Faults), so callers can tell "not running" from real failures. */
export class SupervisordFault extends SupervisordError {
  readonly code: number;
  readonly faultString: string;

  constructor(method: string, code: number, faultString: string) {
    super(`supervisord: ${method} failed: ${faultString}`);
    this.code = code;
    this.faultString = faultString;
  }
}

/** supervisor.xmlrpc.Faults codes the driver reacts to. */
export const FAULT = {
  BAD_NAME: 10,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;
