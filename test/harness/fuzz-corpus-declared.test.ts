// The corpus replay respects what a target declares: against the reference
// declaring only part of what it implements, an entry needing more is left
// out and named, in the conformance case and in `npm run fuzz`.
import t from 'tap';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReference, type ReferenceProcess } from '../../harness/target/reference-process.ts';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { fuzzMain } from '../../harness/cli/fuzz.ts';
import { DEFAULT_CORPUS } from '../../harness/fuzz/corpus-location.ts';
import { STEP_REQUIRES } from '../../harness/fuzz/commands/requires.ts';
import { LEVELS } from '../../harness/report/certification.ts';

// What a target declares for Messaging: `consumer` is the harness's to derive, never declared.
const MESSAGING = LEVELS.find((l) => l.name === 'Messaging')!.capabilities.filter((c) => c !== 'consumer');
const RECEIPT = '61b664d276e3e652.json'; // needs exactly the Messaging set
const BILLED = '9096273d66124789.json'; // TLS wiring, billing, integrity, the retention check

const schema = JSON.parse(await readFile(new URL('../../harness/report/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

async function reference(test: { teardown(fn: () => Promise<void>): void }, capabilities: readonly string[]): Promise<ReferenceProcess> {
  const ref = await startReference({ capabilities });
  test.teardown(() => ref.stop());
  return ref;
}

async function corpusCase(ref: ReferenceProcess) {
  const dir = await mkdtemp(join(tmpdir(), 'cc-report-'));
  const o = capture();
  const outcome = await runConformance([`--target=${ref.url}`, `--control-token=${ref.controlToken}`, '--case=FUZZ-regression-corpus', '--seed=1', `--report=${dir}`], o);
  return { outcome, result: outcome.results[0], o, report: JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as unknown };
}

t.test('a target declaring exactly the Messaging set passes the corpus case; the entry beyond it is named with what it needs', async (t) => {
  const ref = await reference(t, MESSAGING);
  const { outcome, result, o, report } = await corpusCase(ref);
  t.equal(outcome.exitCode, 0, o.text() + o.errors());
  t.ok(validate(report), `report.json with a note on a pass is valid: ${JSON.stringify(validate.errors)}`);
  t.equal(result?.verdict, 'pass', result?.message ?? '');
  t.match(result?.message, /replayed 1 of 2 corpus entries/);
  t.match(result?.message, new RegExp(`${BILLED} \\(needs transport\\.integrity, transport\\.billing, tls, control\\.clock, control\\.storage, retention\\)`));
  t.notMatch(result?.message, RECEIPT, 'the entry it replayed is not listed as skipped');
  t.match(o.text(), new RegExp(`^ok 1 - FUZZ-regression-corpus[^\\n]*\\n# FUZZ-regression-corpus: replayed 1 of 2`, 'm'), 'the note follows the test point as a TAP comment');
});

t.test('a target for which no entry applies: n/a, with each entry and what it needs', async (t) => {
  // Everything replaying needs, but no webhooks: the receipt entry needs them too.
  const ref = await reference(t, STEP_REQUIRES);
  const { result, o } = await corpusCase(ref);
  t.equal(result?.verdict, 'n/a', o.text() + o.errors());
  t.match(result?.message, /^no corpus entry applies to the declared capabilities: /);
  t.match(result?.message, `${RECEIPT} (needs webhooks)`);
  t.match(result?.message, new RegExp(`${BILLED} \\(needs webhooks, transport\\.integrity`));
});

t.test('a target declaring nothing replay needs: n/a before anything runs', async (t) => {
  const ref = await reference(t, ['graph.messages']);
  const { result } = await corpusCase(ref);
  t.equal(result?.verdict, 'n/a');
  t.match(result?.message, /does not declare transport\.signal, control\.provision, control\.idle|no conformance control plane/);
});

t.test('npm run fuzz replays the entries a target declares, names the others, and refuses to --replay one beyond it', async (t) => {
  const ref = await reference(t, MESSAGING);
  const target = [`--target=${ref.url}`, `--control-token=${ref.controlToken}`];
  const dir = await mkdtemp(join(tmpdir(), 'cc-corpus-'));
  for (const f of [RECEIPT, BILLED]) await copyFile(join(DEFAULT_CORPUS, f), join(dir, f));

  const run = capture();
  const r = await fuzzMain([...target, `--corpus=${dir}`, '--runs=1', '--max-commands=2', '--time-budget=20s', '--seed=1'], run.out, run.err);
  t.equal(r.exitCode, 0, run.text() + run.errors());
  t.match(run.text(), new RegExp(`corpus \\S*${RECEIPT}: passes\\n`));
  t.match(run.text(), new RegExp(`corpus \\S*${BILLED}: not applicable \\(needs transport\\.integrity, transport\\.billing, tls, control\\.clock, control\\.storage, retention, which the target does not declare\\)\\n`));
  t.match(run.text(), /fuzz: 1 sequences in [\d.]+ s, no failure/, 'then the search runs');

  const one = capture();
  const replay = await fuzzMain([...target, `--replay=${join(dir, BILLED)}`], one.out, one.err);
  t.equal(replay.exitCode, 2);
  t.equal(one.errors().split('\n').filter(Boolean).length, 1, 'one line');
  t.match(one.errors(), new RegExp(`^cloudapi-fuzz: corpus file \\S*${BILLED} needs transport\\.integrity, [^\\n]*retention, which the target does not declare: not replayed\\n$`));
  t.notMatch(one.errors(), ref.controlToken);

  const fits = capture();
  t.equal((await fuzzMain([...target, `--replay=${join(dir, RECEIPT)}`], fits.out, fits.err)).exitCode, 0, 'an entry it declares replays: ' + fits.text() + fits.errors());
});
