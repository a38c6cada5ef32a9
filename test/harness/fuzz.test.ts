// The fuzzer as a user meets it: flags, corpus files (good and corrupt), a
// run with no false failure, a fault found with a replay that reproduces it.
import t from 'tap';
import { mkdtemp, writeFile, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFuzzArgs, fuzzMain } from '../../harness/cli/fuzz.ts';
import { readEntry } from '../../harness/fuzz/corpus.ts';
import { HarnessError } from '../../harness/core/errors.ts';

function collect() {
  let out = '';
  let err = '';
  return { out: (s: string) => void (out += s), err: (s: string) => void (err += s), text: () => out, errors: () => err };
}

t.test('flags', async (t) => {
  const a = parseFuzzArgs(['--time-budget=2m', '--seed=5', '--shard=3/4'], {});
  t.equal(a.budgetMs, 120_000);
  t.equal(a.seed, 7, 'shard i searches seed + i - 1');
  t.equal(parseFuzzArgs(['--time-budget=90'], {}).budgetMs, 90_000, 'plain seconds');
  t.throws(() => parseFuzzArgs(['--time-budget=soon'], {}), /--time-budget must be a duration/);
  t.throws(() => parseFuzzArgs(['--shard=5/4'], {}), /--shard must be i\/n/);
  t.throws(() => parseFuzzArgs(['--path=1:2'], {}), /--path needs the --seed/);
  t.throws(() => parseFuzzArgs(['--target=http://x', '--reference-fault=y'], {}), /embedded reference only/);
  t.throws(() => parseFuzzArgs(['--frob'], {}), /unknown flag --frob/);
});

t.test('a corrupt corpus file is one clear error naming it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-corpus-'));
  const cases: Array<[string, string, RegExp]> = [
    ['not-json.json', '{nope', /is not JSON/],
    ['wrong-shape.json', '[1,2]', /is not a corpus entry/],
    ['future.json', '{"kind":"fuzz","steps":[],"version":99}', /has version 99/],
    ['v1.json', '{"version":1,"kind":"fuzz","seed":2,"path":"1:2","replayPath":"CG/B:N","commands":"x"}', /is a version 1 entry .*replays version 2 entries/],
    ['steps.json', '{"version":2,"kind":"fuzz","steps":{},"schedule":[],"canary":"CNRYAAAAAAAAAAAAAAAA"}', /steps must be a list/],
    ['unknown.json', '{"version":2,"kind":"fuzz","steps":[{"command":"frob","args":{}}],"schedule":[],"canary":"CNRYAAAAAAAAAAAAAAAA"}', /step 1: unknown command "frob"/],
    ['bad-arg.json', '{"version":2,"kind":"fuzz","steps":[{"command":"sendText","args":{"business":7,"consumer":0,"body":"x","plus":false}}],"schedule":[],"canary":"CNRYAAAAAAAAAAAAAAAA"}', /step 1 \(sendText\): args.business must be an integer from 0 to 1, got 7/],
    ['wiring.json', '{"version":2,"kind":"fuzz","steps":[],"schedule":[],"canary":"CNRYAAAAAAAAAAAAAAAA","wiring":"carrier-pigeon"}', /wiring must be one of plain, tls-production/],
    ['proto.json', '{"version":2,"kind":"fuzz","steps":[{"command":"toString","args":{}}],"schedule":[],"canary":"CNRYAAAAAAAAAAAAAAAA"}', /unknown command "toString"/],
  ];
  for (const [name, body, pattern] of cases) {
    await writeFile(join(dir, name), body);
    await t.rejects(readEntry(join(dir, name)), pattern);
  }
  await t.rejects(readEntry(join(dir, 'missing.json')), /Cannot read corpus file .*missing\.json: ENOENT/);
  try {
    await readEntry(join(dir, 'not-json.json'));
  } catch (e) {
    t.ok(e instanceof HarnessError && e.code === 'HARNESS_BAD_ARGUMENT');
  }
  const o = collect();
  const r = await fuzzMain([`--replay=${join(dir, 'not-json.json')}`], o.out, o.err);
  t.equal(r.exitCode, 2);
  t.match(o.errors(), /^cloudapi-fuzz: Corpus file .*not-json\.json is not JSON\n$/);
  const v1 = collect();
  t.equal((await fuzzMain([`--replay=${join(dir, 'v1.json')}`], v1.out, v1.err)).exitCode, 2, 'a version 1 entry is refused');
  t.match(v1.errors(), /^cloudapi-fuzz: Corpus file .*v1\.json is a version 1 entry[^\n]*\n$/, 'in one line');
});

t.test('no false failure on the clean reference in a short budget', async (t) => {
  const o = collect();
  const r = await fuzzMain(['--time-budget=5s', '--seed=11', '--no-corpus', '--max-commands=6'], o.out, o.err);
  t.equal(r.exitCode, 0, o.text() + o.errors());
  t.match(o.text(), /sequences in [\d.]+ s, no failure/);
});

t.test('a fault is found, shrunk, written to the corpus, and its replay reproduces it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-corpus-'));
  const o = collect();
  const r = await fuzzMain(['--reference-fault=inbound-text-trimmed', '--time-budget=60s', '--seed=3', `--corpus=${dir}`], o.out, o.err);
  t.equal(r.exitCode, 1, o.text() + o.errors());
  t.match(o.text(), /FAILED: business b\d got other text than consumer c\d sent/);
  t.match(o.text(), /or, with this version of the commands: npm run fuzz -- --reference-fault=inbound-text-trimmed --seed=\d+ --path=\S+/);
  const files = await readdir(dir);
  t.equal(files.length, 1, 'one corpus file');
  const entry = JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as { version: number; steps: Array<{ command: string }>; commands: string; replay: string };
  t.equal(entry.version, 2);
  t.ok(entry.steps.length > 0 && entry.steps.every((s) => typeof s.command === 'string'), 'the shrunk steps are stored as data');
  t.match(entry.commands, /\w+\(/, 'with a readable form');
  t.match(o.text(), new RegExp(`replay: npm run fuzz -- --reference-fault=inbound-text-trimmed --replay=\\S*${files[0]!}`));

  const again = collect();
  const replay = await fuzzMain(['--reference-fault=inbound-text-trimmed', `--replay=${join(dir, files[0]!)}`], again.out, again.err);
  t.equal(replay.exitCode, 1, 'the replay fails against the fault');
  const clean = collect();
  const fixed = await fuzzMain([`--replay=${join(dir, files[0]!)}`], clean.out, clean.err);
  t.equal(fixed.exitCode, 0, 'and passes against the clean reference');
  t.match(clean.text(), /passes/);
});

t.test('a TLS run in production mode replays from its file: a plain webhook URL must be refused', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-corpus-'));
  const entry = { version: 2, kind: 'fuzz', steps: [{ command: 'plainWebhookInProduction', args: {} }], schedule: [], canary: 'CNRYAAAAAAAAAAAAAAAA', commands: 'plainWebhookInProduction()', failure: '', found: { at: '', target: '' }, replay: '' };
  await writeFile(join(dir, 'tls.json'), JSON.stringify({ ...entry, wiring: 'tls-production' }));
  await writeFile(join(dir, 'plain.json'), JSON.stringify(entry));
  const faulty = collect();
  t.equal((await fuzzMain(['--reference-fault=plain-webhook-allowed', `--replay=${join(dir, 'tls.json')}`], faulty.out, faulty.err)).exitCode, 1, faulty.text() + faulty.errors());
  t.match(faulty.text(), /FAILED: a business was provisioned with a plain http:\/\/ webhook URL in production mode/);
  const clean = collect();
  t.equal((await fuzzMain([`--replay=${join(dir, 'tls.json')}`], clean.out, clean.err)).exitCode, 0, 'the clean reference refuses it: ' + clean.text() + clean.errors());
  const plain = collect();
  t.equal((await fuzzMain(['--reference-fault=plain-webhook-allowed', `--replay=${join(dir, 'plain.json')}`], plain.out, plain.err)).exitCode, 0, 'outside production mode the step does not apply');
});
