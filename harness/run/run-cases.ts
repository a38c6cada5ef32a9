// The cases of a run, one after another, until the target cannot go on:
// then the case in flight keeps its `error` and every later one is "not run"
// (harness/run/abort.ts), without trying any of them.

import type { ConformanceCase } from '../core/case.ts';
import type { RunEnvironment } from './environment.ts';
import type { CaseResult } from '../core/result.ts';
import { runCase, whyNotApplicable, type RunOptions } from './runner.ts';
import { notRun, RunAborted, sawTransportFailure, targetGone } from './abort.ts';
import { type Abort } from '../core/result.ts';

/** Calls `each` with every case's result in order (`notRun` for those after a stop); returns why the run stopped, if it did. */
export async function runCases(
  cases: readonly ConformanceCase[],
  env: RunEnvironment,
  options: RunOptions,
  each: (r: CaseResult, notRun: boolean) => void,
): Promise<Abort | undefined> {
  for (const [i, c] of cases.entries()) {
    const { result, abort } = await runOrStop(c, env, options);
    each(result, false);
    if (abort) {
      for (const rest of cases.slice(i + 1)) {
        const r = notRun(rest, options.seed, abort, whyNotApplicable(rest, env));
        each(r, r.verdict === 'error');
      }
      return abort;
    }
  }
  return undefined;
}

async function runOrStop(c: ConformanceCase, env: RunEnvironment, options: RunOptions): Promise<{ result: CaseResult; abort?: Abort }> {
  let result: CaseResult;
  try {
    result = await runCase(c, env, options);
  } catch (e) {
    if (!(e instanceof RunAborted)) throw e;
    return { result: e.result, abort: e.abort };
  }
  // A case may have judged a dead connection itself, or timed out: if the target is gone, the rest need not wait for it.
  if (result.verdict !== 'error' && !sawTransportFailure(result)) return { result };
  const gone = await targetGone(env);
  if (!gone) return { result };
  const probe = `the target no longer answers: ${env.secrets.redact(gone.message)}`;
  const step = result.step ?? gone.step;
  const reason = result.verdict === 'error' ? `${result.message}; after it ${probe}` : `after this case ${probe}`;
  return { result, abort: { case: c.id, reason, ...(step ? { step } : {}) } };
}
