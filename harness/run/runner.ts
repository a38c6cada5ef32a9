// Runs cases one at a time against the target and grades each into a verdict.
// Nothing passes by default: only a `run` that returns without a failure does.

import { inspect } from 'node:util';
import { graphMustAnswer, type ConformanceCase } from '../core/case.ts';
import { TRANSPORT_BOUND, missingCapabilities } from '../core/capabilities.ts';
import { CaseContext, PropertyFailure } from './context.ts';
import { CaseFailure, HarnessError, NotApplicable } from '../core/errors.ts';
import { DeviationLog, recordingDeviations } from '../core/deviations.ts';
import { shouldsOnly, withDeviations } from '../core/grading.ts';
import type { RunEnvironment } from './environment.ts';
import { resultHeader, type CaseResult } from '../core/result.ts';
import { WireLog } from '../core/wire-log.ts';
import { seededDigits } from '../core/random.ts';
import { World } from './world.ts';
import { toEvidence } from '../report/evidence.ts';
import { errorOutcome, RunAborted, stopsTheRun } from './abort.ts';

export interface RunOptions {
  seed: number;
  runs: number;
  path?: string;
  caseTimeoutMs: number;
  /** Builds the command that replays one case exactly. */
  replay(c: ConformanceCase, seed: number, path: string | undefined): string;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError('HARNESS_TIMEOUT', `${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function showValue(v: unknown): string {
  return inspect(v, { depth: 6, maxStringLength: 600, maxArrayLength: 30, breakLength: Infinity });
}

/** Why the target cannot support the case (it lacks a capability the case needs), or undefined when it can. */
export function whyNotApplicable(c: ConformanceCase, env: RunEnvironment): string | undefined {
  const missing = missingCapabilities(c.requires, env.declared);
  if (missing.length === 0) return undefined;
  // What only Signal brings is missing because of how this run's consumers write, whatever the target declares.
  const bound = missing.filter((m) => (TRANSPORT_BOUND as readonly string[]).includes(m));
  if (env.consumerPath === 'simulation' || env.consumerPath === 'adapter') {
    const rest = missing.filter((m) => !bound.includes(m));
    const via = env.consumerPath === 'adapter' ? 'the adapter' : 'the simulation surface';
    if (bound.length > 0) return `needs ${missing.join(', ')}: this run's consumers write through ${via}, without Signal or the transport${rest.length ? ` (and the target does not declare ${rest.join(', ')})` : ''}`;
  }
  return env.identity ? `target does not declare ${missing.join(', ')}` : `target has no conformance control plane (needs ${missing.join(', ')})`;
}

/** Judges one case. Throws RunAborted (carrying this case's `error`) when the target cannot go on. */
export async function runCase(c: ConformanceCase<CaseContext>, env: RunEnvironment, options: RunOptions): Promise<CaseResult> {
  const base = resultHeader(c, options.seed);
  const why = whyNotApplicable(c, env);
  if (why) return { ...base, verdict: 'n/a', message: why, durationMs: 0 };

  const log = new WireLog();
  env.logs.current = log;
  const started = performance.now();
  const redact = (s: string) => env.secrets.redact(s);
  const deviations = new DeviationLog();
  try {
    // Opening the world (reset, clock) counts against the case's time: a target hanging there is bounded too.
    const opened = async () => {
      // Numbers from the seed: a replay provisions what the failing run did.
      const world = await World.open(env, { digits: seededDigits(`${options.seed}:${c.id}`), graphMustAnswer: graphMustAnswer(c) });
      const ctx = new CaseContext(world, options.seed, options.runs, options.path, deviations);
      await recordingDeviations(deviations, () => c.run(ctx));
      return ctx;
    };
    const ctx = await withTimeout(opened(), options.caseTimeoutMs, `case ${c.id}`);
    // Only SHOULD deviations met: warn, with every one listed.
    const warned = shouldsOnly(deviations, redact);
    if (warned) return { ...base, verdict: 'warn', ...warned, evidence: toEvidence(log.all(), env.secrets), replay: options.replay(c, options.seed, undefined), durationMs: performance.now() - started };
    return { ...base, verdict: 'pass', ...(ctx.notes.length > 0 ? { message: redact(ctx.notes.join('\n')) } : {}), durationMs: performance.now() - started };
  } catch (e) {
    const durationMs = performance.now() - started;
    // Nothing to check under this declaration, found while running: n/a with the case's reason.
    if (e instanceof NotApplicable) return { ...base, verdict: 'n/a', message: redact(e.message), durationMs };
    const evidence = toEvidence(log.all(), env.secrets);
    if (e instanceof HarnessError) {
      const result: CaseResult = { ...base, verdict: 'error', ...errorOutcome(e, log.all(), redact), evidence, durationMs };
      // A target gone or speaking garbage ends the whole run: the caller marks the rest not run.
      if (stopsTheRun(e)) throw new RunAborted(result, { case: c.id, reason: result.message!, ...(result.step ? { step: result.step } : {}) });
      return result;
    }
    const failed = c.severity === 'MUST' ? 'fail' : 'warn';
    if (e instanceof PropertyFailure) {
      const inner = e.cause instanceof CaseFailure ? e.cause : undefined;
      return {
        ...base,
        verdict: failed,
        message: redact(inner?.message ?? `the property threw: ${(e.cause as Error)?.message ?? String(e.cause)}`),
        expected: inner ? redact(inner.expected) : undefined,
        actual: inner ? redact(inner.actual) : undefined,
        counterexample: redact(showValue(e.counterexample)),
        ...withDeviations(inner, deviations, redact),
        seed: e.seed,
        path: e.path,
        shrinks: e.shrinks,
        evidence,
        replay: options.replay(c, e.seed, e.path),
        durationMs,
      };
    }
    if (e instanceof CaseFailure) {
      return {
        ...base,
        verdict: failed,
        message: redact(e.message),
        expected: redact(e.expected),
        actual: redact(e.actual),
        ...withDeviations(e, deviations, redact),
        evidence,
        replay: options.replay(c, options.seed, undefined),
        durationMs,
      };
    }
    // Anything else is the harness's own bug, never the target's failure.
    return { ...base, verdict: 'error', message: redact(`harness error: ${(e as Error)?.stack ?? String(e)}`), evidence, durationMs };
  }
}
