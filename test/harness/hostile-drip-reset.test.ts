// A target that drips its reset answer, one byte a second, in the middle of a
// run: the reset's total-time deadline ends the run with exit 2, the case
// that finished is kept in the report and the case in flight is an error.
import t from 'tap';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { CONTROL_DEADLINES_MS } from '../../harness/target/control-plane.ts';
import { startReference } from '../../harness/target/reference-process.ts';
import { drip, isPath, startHostileTarget } from './hostile-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

t.test('dripping the reset of the second case: exit 2, the first case kept in the report', async (t) => {
  const reference = await startReference();
  t.teardown(() => reference.stop());
  let resets = 0;
  const target = await startHostileTarget((req, _body, res) => isPath(req, 'POST', '/conformance/v0/reset') && ++resets > 1 && (drip(res), true), reference.url);
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-drip-'));
  const o = capture();
  const outcome = await runConformance(
    [`--target=${target.url}`, `--control-token=${reference.controlToken}`, '--case=GRAPH-auth-rejected,GRAPH-send-response-shape', '--seed=1', '--runs=2', `--report=${dir}`],
    o,
  );
  t.equal(outcome.exitCode, 2);
  t.match(o.errors(), `the run stopped at GRAPH-send-response-shape: Target ${target.url} hung on POST /conformance/v0/reset: no complete answer within ${CONTROL_DEADLINES_MS.reset / 1000} s`);
  t.equal(o.errors().trim().split('\n').length, 1, 'one line');
  t.ok(existsSync(join(dir, 'report.json')), 'a report is written');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { cases: Array<{ id: string; verdict: string }> };
  t.same(
    report.cases.map((c) => [c.id, c.verdict]),
    [
      ['GRAPH-auth-rejected', 'pass'],
      ['GRAPH-send-response-shape', 'error'],
    ],
  );
  t.notMatch(o.text() + o.errors(), reference.controlToken);
});
