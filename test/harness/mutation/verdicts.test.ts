// Conformance verdicts to Stryker results: killed, survived, timeout.
import t from 'tap';
import { MutantRunStatus, TestStatus } from '@stryker-mutator/api/test-runner';
import { caught, dryRunTest, mutantRunResult } from '../../../harness/mutation/verdicts.ts';
import type { SessionRun } from '../../../harness/mutation/run-types.ts';
import type { CaseResult } from '../../../harness/core/result.ts';
import type { ConformanceCase } from '../../../harness/core/case.ts';

const result = (id: string, verdict: CaseResult['verdict'], message?: string) => ({ id, verdict, ...(message ? { message } : {}), durationMs: 5 }) as CaseResult;
const session = (over: Partial<SessionRun>): SessionRun => ({ results: [], coverage: {}, hitLimitReached: false, timedOut: false, ...over });
const IDS = ['HOOK-a', 'HOOK-b'];

t.test('only a pass is not caught', async (t) => {
  t.notOk(caught('pass'));
  for (const v of ['fail', 'warn', 'error', 'n/a']) t.ok(caught(v), v);
});

t.test('a case that passes is a test; one that does not is skipped', async (t) => {
  const l = { c: { id: 'HOOK-a', title: 'does a' } as ConformanceCase, file: '/sandbox/suites/hook/a.ts' };
  t.same(dryRunTest(l, { verdict: 'pass' }, 1234.6), { id: 'HOOK-a', name: 'HOOK-a: does a', timeSpentMs: 1235, fileName: '/sandbox/suites/hook/a.ts', status: TestStatus.Success });
  t.equal(dryRunTest(l, { verdict: 'fail' }, 1).status, TestStatus.Skipped);
});

t.test('every case passes: survived', async (t) => {
  t.same(mutantRunResult(session({ results: [result('HOOK-a', 'pass'), result('HOOK-b', 'pass')] }), IDS, 10_000), { status: MutantRunStatus.Survived, nrOfTests: 2 });
});

t.test('a case fails, warns or errors: killed by it', async (t) => {
  const r = mutantRunResult(session({ results: [result('HOOK-a', 'pass'), result('HOOK-b', 'warn', 'no signature')] }), IDS, 10_000);
  t.same(r, { status: MutantRunStatus.Killed, killedBy: ['HOOK-b'], failureMessage: 'HOOK-b warn: no signature', nrOfTests: 2 });
});

t.test('a reference that cannot start: killed by the first covering case', async (t) => {
  t.match(mutantRunResult(session({ startError: 'exited (code 1)' }), IDS, 10_000), { status: MutantRunStatus.Killed, killedBy: ['HOOK-a'], failureMessage: /did not start: exited \(code 1\)/ });
});

t.test('a hung mutant or one past the hit limit: timeout, whatever the cases said', async (t) => {
  t.match(mutantRunResult(session({ timedOut: true, results: [result('HOOK-a', 'error')] }), IDS, 10_000), { status: MutantRunStatus.Timeout, reason: /10000 ms/ });
  t.match(mutantRunResult(session({ hitLimitReached: true, results: [result('HOOK-a', 'fail')] }), IDS, 10_000, 400), { status: MutantRunStatus.Timeout, reason: /hit limit reached \(400\)/ });
});
