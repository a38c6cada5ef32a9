// How the conformance verdicts of a session become Stryker's results: a case
// that passes on the unmutated reference is a test, and a mutant is killed
// when one of its cases does not pass with it switched on (fail, warn or
// error: any verdict the clean reference did not give).

import { MutantRunStatus, TestStatus, type MutantRunResult, type TestResult } from '@stryker-mutator/api/test-runner';
import type { LoadedCase, SessionRun } from './run-types.ts';

/** A verdict that is not `pass` on a mutant is the suite noticing it. */
export const caught = (verdict: string): boolean => verdict !== 'pass';

/** The dry run's test for one case; a case that does not pass on the clean reference is skipped (it could kill no mutant honestly). */
export function dryRunTest(l: LoadedCase, r: { verdict: string }, timeSpentMs: number): TestResult {
  const base = { id: l.c.id, name: `${l.c.id}: ${l.c.title}`, timeSpentMs: Math.round(timeSpentMs), fileName: l.file };
  return r.verdict === 'pass' ? { ...base, status: TestStatus.Success } : { ...base, status: TestStatus.Skipped };
}

/** One mutant's result from the session that ran its cases (`caseIds` in the order run). */
export function mutantRunResult(run: SessionRun, caseIds: readonly string[], timeoutMs: number, hitLimit?: number): MutantRunResult {
  if (run.hitLimitReached) return { status: MutantRunStatus.Timeout, reason: `hit limit reached (${hitLimit ?? '?'})` };
  if (run.timedOut) return { status: MutantRunStatus.Timeout, reason: `the cases did not finish within ${timeoutMs} ms` };
  // A reference that cannot even start fails every case: the first covering one is named.
  if (run.startError !== undefined) return { status: MutantRunStatus.Killed, killedBy: caseIds.slice(0, 1), failureMessage: `the reference did not start: ${run.startError}`, nrOfTests: 1 };
  const failed = run.results.filter((r) => caught(r.verdict));
  if (failed.length === 0) return { status: MutantRunStatus.Survived, nrOfTests: run.results.length };
  const first = failed[0]!;
  return {
    status: MutantRunStatus.Killed,
    killedBy: failed.map((r) => r.id),
    failureMessage: `${first.id} ${first.verdict}: ${first.message ?? ''}`.slice(0, 2_000),
    nrOfTests: run.results.length,
  };
}
