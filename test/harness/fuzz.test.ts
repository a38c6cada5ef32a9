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
    ['wrong-shape.json', '{"kind":"fuzz","seed":"x"}', /is not a corpus entry/],
    ['old.json', '{"kind":"fuzz","seed":1,"path":"0","version":99}', /has version 99/],
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
  t.match(o.text(), /replay: npm run fuzz -- --reference-fault=inbound-text-trimmed --seed=\d+ --path=\S+/);
  const files = await readdir(dir);
  t.equal(files.length, 1, 'one corpus file');
  const entry = JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as { commands: string; replay: string };
  t.match(entry.commands, /consumerSends/);

  const again = collect();
  const replay = await fuzzMain(['--reference-fault=inbound-text-trimmed', `--replay=${join(dir, files[0]!)}`], again.out, again.err);
  t.equal(replay.exitCode, 1, 'the replay fails against the fault');
  const clean = collect();
  const fixed = await fuzzMain([`--replay=${join(dir, files[0]!)}`], clean.out, clean.err);
  t.equal(fixed.exitCode, 0, 'and passes against the clean reference');
  t.match(clean.text(), /passes/);
});
