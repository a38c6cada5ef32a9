// Typed harness errors. Users and scripts match on `code`; every message names
// the operation and, where there is one, the target.

export type HarnessErrorCode =
  | 'HARNESS_BAD_ARGUMENT'
  // No HTTP answer from the target (its `step.transport` says why: refused, reset, timeout, …).
  | 'HARNESS_TARGET_UNREACHABLE'
  // An answer on the control plane that is not the protocol (PROTOCOL.md).
  | 'HARNESS_TARGET_PROTOCOL'
  | 'HARNESS_TIMEOUT'
  | 'HARNESS_REQUEST_TIMEOUT'
  | 'HARNESS_REFERENCE_START'
  // The target refuses the business credentials the user gave (--token, --phone-number-id).
  | 'HARNESS_CREDENTIALS_REFUSED'
  // The target does not serve the Graph API version the run calls (--graph-version).
  | 'HARNESS_GRAPH_VERSION'
  // The user's adapter (--adapter) is missing, malformed, or one of its calls threw or answered the wrong shape.
  | 'HARNESS_ADAPTER'
  | 'HARNESS_INTERNAL';

/** Why an exchange with the target got no HTTP answer. */
export type TransportFailure = 'refused' | 'host-not-found' | 'unreachable' | 'reset' | 'timeout' | 'tls' | 'too-large' | 'other';

/**
 * The one exchange with the target an error is about, as data: what the
 * harness asked, and the status and start of the body it got, or why it got
 * none. Text here is raw: whoever shows it filters secrets.
 */
export interface TargetStep {
  channel: string;
  method: string;
  /** The request path, without its query string. */
  path: string;
  status?: number;
  transport?: { failure: TransportFailure; detail: string };
  /** The answer's first bytes, whitespace folded. */
  body?: string;
}

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  /** The exchange with the target it is about, when there is one. */
  readonly step?: TargetStep;
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown; step?: TargetStep }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
    if (options?.step) this.step = options.step;
  }
}

/** How much of an answer's body an error quotes. */
export const BODY_EXCERPT_CHARS = 160;

export function bodyExcerpt(body: Buffer | string): string {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/\s+/g, ' ').trim();
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

/** `POST /path -> HTTP 500: <body>` or `GET /path -> connection reset`: a step in one line. */
export function describeStep(step: TargetStep): string {
  const outcome = step.transport ? step.transport.detail : step.status !== undefined ? `HTTP ${step.status}${step.body ? `: ${step.body}` : ' (empty body)'}` : 'no answer yet';
  return `${step.method} ${step.path} -> ${outcome}`;
}

/**
 * The target did not answer one Graph API request within the request timeout
 * (--request-timeout). A harness error by itself (the case could not be
 * judged); where the requirement is that the target answers, it becomes a
 * failure of the case (`NoAnswer`). Other channels that time out end the run
 * as unreachable.
 */
export class RequestTimeout extends HarnessError {
  constructor(
    readonly channel: string,
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super('HARNESS_REQUEST_TIMEOUT', `no answer within ${timeoutMs / 1000} s (${method} ${path})`);
    this.name = 'RequestTimeout';
  }
}

/** How much a requirement asks: a MUST deviation fails a MUST case, a SHOULD one only warns. */
export type DeviationLevel = 'MUST' | 'SHOULD';

/** One way a response departs from a rule: what the rule wants and what the target did. */
export interface Deviation {
  level: DeviationLevel;
  message: string;
  expected: string;
  actual: string;
}

/** Expected vs. actual, thrown by verifiers when the target breaks a requirement. */
export class CaseFailure extends Error {
  readonly expected: string;
  readonly actual: string;
  /** Every deviation found in the response that failed, MUST and SHOULD: the verdict lists them all. */
  readonly deviations: readonly Deviation[];
  constructor(message: string, expected: string, actual: string, deviations?: readonly Deviation[]) {
    super(message);
    this.name = 'CaseFailure';
    this.expected = expected;
    this.actual = actual;
    this.deviations = deviations ?? [{ level: 'MUST', message, expected, actual }];
  }
}

/** The target gave no answer where the requirement is that it answers: a failure, with the request as evidence. */
export class NoAnswer extends CaseFailure {
  constructor(readonly timeout: RequestTimeout) {
    const s = timeout.timeoutMs / 1000;
    super(`the target gave no answer to ${timeout.method} ${timeout.path}`, `an HTTP answer within ${s} s`, `no answer within ${s} s (${timeout.method} ${timeout.path})`);
    this.name = 'NoAnswer';
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
