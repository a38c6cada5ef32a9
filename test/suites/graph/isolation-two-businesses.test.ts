// The isolation cases on a target without a control plane: with two
// businesses given (--token and a --business) they are judged and pass on a
// conforming target; with one they are n/a and say they need a second.
import t from 'tap';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../../harness/cli/conformance.ts';
import { startGraphOnlyTarget } from '../../harness/graph-only-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

const CASES = '--case=GRAPH-tenant-isolation,GRAPH-media-isolation';

t.test('two businesses given: both isolation cases run and pass; one: n/a, naming what is missing', async (t) => {
  const target = await startGraphOnlyTarget({ twoBusinesses: true });
  t.teardown(() => target.close());
  const second = target.second!;
  const base = [`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, CASES, '--runs=2', '--seed=1'];
  const o = capture();
  const two = await runConformance([...base, `--business=${second.token},${second.phoneNumberId}`, `--report=${await mkdtemp(join(tmpdir(), 'cc-iso-'))}`], o);
  t.equal(two.exitCode, 0, o.text() + o.errors());
  t.same(two.results.map((r) => [r.id, r.verdict]), [['GRAPH-media-isolation', 'pass'], ['GRAPH-tenant-isolation', 'pass']]);
  t.notMatch(o.text() + o.errors(), second.token, 'the second token nowhere');

  const one = await runConformance([...base, `--report=${await mkdtemp(join(tmpdir(), 'cc-iso-'))}`], capture());
  t.equal(one.exitCode, 0);
  for (const r of one.results) {
    t.equal(r.verdict, 'n/a', r.id);
    t.match(r.message, /needs two businesses: give a second --business/);
  }
});
