// When the target cannot go on (it crashed, dropped a connection, hung or
// answered the control plane with something that is not the protocol), the
// run stops: the case in flight gets `error` naming the step, every case not
// yet run gets `error` saying so, and the reports are still written.

import type { ConformanceCase } from '../core/case.ts';
import { HarnessError, type TargetStep } from '../core/errors.ts';
import type { RunEnvironment } from './environment.ts';
import { resultHeader, type Abort, type CaseResult } from '../core/result.ts';
import { WireLog, type Exchange } from '../core/wire-log.ts';


/** Thrown by the runner: the case in flight, judged `error`, and why nothing more can run. */
export class RunAborted extends Error {
  constructor(
    readonly result: CaseResult,
    readonly abort: Abort,
  ) {
    super(`the run stopped at ${abort.case}: ${abort.reason}`);
    this.name = 'RunAborted';
  }
}

/** Errors after which no later case can be judged either. */
export function stopsTheRun(e: unknown): e is HarnessError {
  return e instanceof HarnessError && (e.code === 'HARNESS_TARGET_UNREACHABLE' || e.code === 'HARNESS_TARGET_PROTOCOL');
}

export function notRunMessage(abort: Abort): string {
  return `not run: the run stopped at ${abort.case}: ${abort.reason}`;
}

/**
 * The verdict of a case the run never reached: `error`, not run, unless the
 * target could never have supported it (`n/a`, as in any run).
 */
export function notRun(c: ConformanceCase, seed: number, abort: Abort, whyNotApplicable?: string): CaseResult {
  return {
    ...resultHeader(c, seed),
    verdict: whyNotApplicable ? 'n/a' : 'error',
    message: whyNotApplicable ?? notRunMessage(abort),
    durationMs: 0,
  };
}

const TO_TARGET = new Set(['graph', 'control', 'transport-endpoint']);

/** The harness's requests to the target in `log` still waiting for an answer: what a hung case hangs on. */
export function pendingSteps(log: readonly Exchange[]): TargetStep[] {
  return log
    .filter((x) => TO_TARGET.has(x.channel) && x.status === undefined && x.error === undefined)
    .map((x) => ({ channel: x.channel, method: x.method, path: x.url.split('?')[0]!, transport: { failure: 'timeout' as const, detail: 'no answer yet' } }));
}

function redactStep(step: TargetStep, redact: (s: string) => string): TargetStep {
  return {
    ...step,
    path: redact(step.path),
    ...(step.body !== undefined ? { body: redact(step.body) } : {}),
    ...(step.transport ? { transport: { ...step.transport, detail: redact(step.transport.detail) } } : {}),
  };
}

/**
 * What a case's `error` says about a harness error: its message and the step
 * it is about, secrets filtered. A case that timed out names the request to
 * the target still unanswered, if there is one.
 */
export function errorOutcome(e: HarnessError, log: readonly Exchange[], redact: (s: string) => string): { message: string; step?: TargetStep } {
  if (e.step) return { message: redact(e.message), step: redactStep(e.step, redact) };
  const pending = e.code === 'HARNESS_TIMEOUT' ? pendingSteps(log).at(-1) : undefined;
  if (!pending) return { message: redact(e.message) };
  const step = redactStep(pending, redact);
  return { message: `${redact(e.message)}; no answer yet to ${step.method} ${step.path}`, step };
}

/** Whether a case met the target failing below HTTP (a case may turn that into its own verdict). */
export function sawTransportFailure(r: CaseResult): boolean {
  return r.evidence?.some((x) => TO_TARGET.has(x.channel) && x.error !== undefined) ?? false;
}

export const PROBE_TIMEOUT_MS = 5_000;

/**
 * After a case that errored or met a dead connection: does the target still
 * answer at all? Any HTTP answer to the capabilities path counts (a
 * Graph-only target answers 404). Returns the error when it does not, so the
 * run stops instead of trying every remaining case against nothing.
 */
export async function targetGone(env: RunEnvironment): Promise<HarnessError | undefined> {
  const caseLog = env.logs.current;
  env.logs.current = new WireLog();
  try {
    await env.client.request('control', 'GET', '/conformance/v0/capabilities', { timeoutMs: PROBE_TIMEOUT_MS });
    return undefined;
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  } finally {
    env.logs.current = caseLog;
  }
}
