import t from 'tap';
import { exitCodeWithBaseline, expectationOf, parseBaseline, summarize } from '../../../harness/report/expectations.ts';
import { HarnessError } from '../../../harness/core/errors.ts';
import { result } from './fixtures.ts';

const ids = new Set(['GRAPH-a', 'GRAPH-b', 'HOOK-c', 'HOOK-d', 'E2E-e']);

t.test('a baseline: ids a line, comments and reasons after #', async (t) => {
  const b = parseBaseline('known.txt', '# vendor 1.2 known failures\n\nGRAPH-a   # wa_id keeps +, fixed in 1.3\r\nHOOK-c\n', ids);
  t.same([...b.known.entries()], [['GRAPH-a', 'wa_id keeps +, fixed in 1.3'], ['HOOK-c', '']]);
});

t.test('an unknown id or two on a line is an error naming the line', async (t) => {
  t.throws(() => parseBaseline('k.txt', 'GRAPH-a\nGRAPH-typo\n', ids), { code: 'HARNESS_BAD_ARGUMENT', message: /k\.txt line 2: no case has id "GRAPH-typo"/ });
  t.throws(() => parseBaseline('k.txt', 'GRAPH-a HOOK-c\n', ids), HarnessError);
});

t.test('expected and unexpected, and the exit code only the unexpected decide', async (t) => {
  const b = parseBaseline('k.txt', 'GRAPH-a\nGRAPH-b\nE2E-e\n', ids);
  t.equal(expectationOf(result('GRAPH-a', 'fail'), b), 'expected-fail');
  t.equal(expectationOf(result('GRAPH-b', 'pass'), b), 'unexpected-pass');
  t.equal(expectationOf(result('HOOK-c', 'fail'), b), 'unexpected-fail');
  t.equal(expectationOf(result('HOOK-d', 'pass'), b), 'pass');
  t.equal(expectationOf(result('E2E-e', 'n/a'), b), 'not-run');

  t.equal(exitCodeWithBaseline([result('GRAPH-a', 'fail'), result('HOOK-d', 'pass')], b), 0, 'known failures only: 0');
  t.equal(exitCodeWithBaseline([result('GRAPH-a', 'error')], b), 0, 'a known harness error is known');
  t.equal(exitCodeWithBaseline([result('GRAPH-a', 'fail'), result('HOOK-c', 'fail')], b), 1, 'an unexpected failure: 1');
  t.equal(exitCodeWithBaseline([result('GRAPH-b', 'pass')], b), 1, 'an unexpected pass: 1');
  t.equal(exitCodeWithBaseline([result('HOOK-c', 'warn')], b), 0, 'a SHOULD not met never fails a run');
  t.equal(exitCodeWithBaseline([result('HOOK-c', 'error'), result('GRAPH-b', 'pass')], b), 2, 'an unexpected harness error: 2');

  const s = summarize([result('GRAPH-a', 'fail'), result('GRAPH-b', 'pass'), result('HOOK-c', 'fail'), result('E2E-e', 'n/a')], b);
  t.same(s, { baseline: 'k.txt', expectedFailures: ['GRAPH-a'], unexpectedFailures: ['HOOK-c'], unexpectedPasses: ['GRAPH-b'], notRun: ['E2E-e'] });
});
