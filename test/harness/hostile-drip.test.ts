// A target that drips one byte a second never trips an idle timeout: the
// capabilities call's total-time deadline ends the run with exit 2 instead of
// hanging it (hostile-drip-reset.test.ts: the same in the middle of a run).
import t from 'tap';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { CONTROL_DEADLINES_MS } from '../../harness/target/control-plane.ts';
import { drip, isPath, startHostileTarget } from './hostile-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

t.test('dripping the capabilities answer: exit 2, one line naming the call and its deadline', async (t) => {
  const target = await startHostileTarget((req, _body, res) => isPath(req, 'GET', '/conformance/v0/capabilities') && (drip(res), true));
  t.teardown(() => target.close());
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, '--control-token=drip-control-token', `--report=${await mkdtemp(join(tmpdir(), 'cc-drip-'))}`], o);
  t.equal(outcome.exitCode, 2);
  t.equal(o.errors().trim().split('\n').length, 1, 'one line');
  t.match(o.errors(), `hung on GET /conformance/v0/capabilities: no complete answer within ${CONTROL_DEADLINES_MS.capabilities / 1000} s`);
  t.notMatch(o.errors(), /drip-control-token/);
});
