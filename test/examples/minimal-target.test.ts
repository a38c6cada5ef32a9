// The starter kit's example target, written from README.md and PROTOCOL.md
// alone, is certified by the suite on every `npm test`: it is started as a
// user starts it (its own process, a loopback port) and `certify` runs
// against it. It must reach the Messaging level, with no harness error and no
// failure among the other cases its capabilities (control.clock, tls) bring
// in: the contract can be implemented from the documents alone.
import t from 'tap';
import { startExample } from './start-example.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { LEVELS, inLevelScope, type Certification } from '../../harness/report/certification.ts';
import type { CaseResult } from '../../harness/core/result.ts';

const MAIN = fileURLToPath(new URL('../../examples/minimal-target/main.ts', import.meta.url));
const CONTROL_TOKEN = 'minimal-target-control-token';

// The whole suite against the example takes about half a minute on a quiet machine.
t.setTimeout(300_000);

const startMinimal = () => startExample(MAIN, [`--control-token=${CONTROL_TOKEN}`]);

t.test('the minimal target reaches the Messaging level', async (t) => {
  const example = await startMinimal();
  const dir = await mkdtemp(join(tmpdir(), 'minimal-target-cert-'));
  t.teardown(async () => {
    await example.stop();
    await rm(dir, { recursive: true, force: true });
  });
  let out = '';
  const o: Output = { out: (s) => void (out += s), err: (s) => void (out += s) };
  const outcome = await runConformance([`--target=${example.url}`, `--control-token=${CONTROL_TOKEN}`, `--report=${dir}`, '--runs=3'], o, 'certify');

  t.not(outcome.exitCode, 2, 'the harness could do its job');
  const cert = outcome.certification!;
  t.ok(cert, 'a certification was made');
  t.same(JSON.parse(await readFile(join(dir, 'certification.json'), 'utf8')).level, cert.level, 'certification.json says the same');
  t.notMatch(out, CONTROL_TOKEN, 'the control token is never printed');

  const byId = new Map<string, CaseResult>(outcome.results.map((r) => [r.id, r]));
  t.same(outcome.results.filter((r) => r.verdict === 'error').map((r) => `${r.id}: ${r.message}`), [], 'no case could not be judged');

  const graph = LEVELS.find((l) => l.name === 'Graph')!;
  const messaging = LEVELS.find((l) => l.name === 'Messaging')!;
  const notPassed = (level: typeof graph) =>
    outcome.results.filter((r) => inLevelScope(level, r) && r.verdict !== 'pass' && r.verdict !== 'warn').map((r) => `${r.id} ${r.verdict}: ${r.message ?? ''}`);

  t.same(notPassed(graph), [], 'every case in the Graph scope passed');
  t.same(notPassed(messaging), [], 'every case in the Messaging scope passed');
  t.equal(cert.level, 'Messaging', 'the Messaging level is reached');
  // Beyond the levels: no false failure of a documents-only implementation anywhere it declared a capability.
  t.same(
    outcome.results.filter((r) => r.verdict === 'fail').map((r) => `${r.id}: ${r.message ?? ''}`),
    [],
    'no case the example\'s capabilities bring in failed',
  );
  t.equal(byId.get('FUZZ-regression-corpus')?.verdict, 'pass', 'the corpus replay passes on the entries its declaration covers');
});
