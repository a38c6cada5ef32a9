// Typed harness errors. Users and scripts match on `code`; every message names
// the operation and, where there is one, the target.

export type HarnessErrorCode =
  | 'HARNESS_BAD_ARGUMENT'
  | 'HARNESS_TARGET_UNREACHABLE'
  | 'HARNESS_TARGET_PROTOCOL'
  | 'HARNESS_TIMEOUT'
  | 'HARNESS_REFERENCE_START'
  | 'HARNESS_INTERNAL';

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}

/** Expected vs. actual, thrown by verifiers when the target breaks a requirement. */
export class CaseFailure extends Error {
  readonly expected: string;
  readonly actual: string;
  constructor(message: string, expected: string, actual: string) {
    super(message);
    this.name = 'CaseFailure';
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Thrown from a case's `run` when nothing it would check applies to what the
 * target declared, found only at run time (its `requires` held): the runner
 * grades the case n/a with this message as the reason, never pass.
 */
export class NotApplicable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotApplicable';
  }
}

export function isHarnessError(e: unknown): e is HarnessError {
  return e instanceof HarnessError;
}
