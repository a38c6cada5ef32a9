// Typed failures of the reference target. Callers match on `code`, never on
// the message, so messages can say what happened in plain words.

export type FailureCode =
  | 'REF_BAD_FLAG' // a CLI flag is unknown or malformed
  | 'REF_UNKNOWN_FAULT' // --fault names no registered fault
  | 'REF_NOT_RESET' // the harness has not wired a transport yet (§2 reset)
  | 'REF_TRANSPORT' // the harness transport failed or answered unexpectedly
  | 'REF_BAD_BUNDLE' // a prekey bundle from the transport is malformed
  | 'REF_STALE_WORK' // work started before a reset tried to touch new state
  | 'REF_BAD_REGION'; // no at-rest key can exist for this region name

export class ReferenceFailure extends Error {
  readonly code: FailureCode;
  constructor(code: FailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReferenceFailure';
    this.code = code;
  }
}

/** A 4xx answer on the control plane or transport endpoint (PROTOCOL preamble). */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
  }
  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const isFailure = (e: unknown, code: FailureCode): e is ReferenceFailure =>
  e instanceof ReferenceFailure && e.code === code;
