// Two shards plus a merge give the same verdicts as one unsharded run.
import t from 'tap';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { mergeReports } from '../../harness/cli/report-merge.ts';
import type { Report } from '../../harness/report/report.ts';

const quiet: Output = { out: () => {}, err: () => {} };
const SELECTION = 'GRAPH-send-response-shape,HOOK-signature-valid,E2E-outbound-decrypts-exactly';
const MERGE = fileURLToPath(new URL('../../harness/cli/report-merge.ts', import.meta.url));

async function run(dir: string, extra: string[]): Promise<Report> {
  await runConformance([`--case=${SELECTION}`, '--seed=99', '--runs=3', `--report=${dir}`, ...extra], quiet);
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
}

t.test('shards partition the cases and merge back to the unsharded verdicts', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'cc-shards-'));
  const whole = await run(join(base, 'whole'), []);
  const one = await run(join(base, 's1'), ['--shard=1/2']);
  const two = await run(join(base, 's2'), ['--shard=2/2']);
  t.equal(one.shard, '1/2');
  t.equal(one.cases.length + two.cases.length, whole.cases.length);
  t.same(new Set([...one.cases, ...two.cases].map((c) => c.id)), new Set(whole.cases.map((c) => c.id)));

  const merged = spawnSync(process.execPath, ['--import', 'tsx', MERGE, join(base, 's1'), join(base, 's2'), `--out=${join(base, 'merged')}`], { encoding: 'utf8' });
  t.equal(merged.status, 0, merged.stderr);
  t.match(merged.stdout, /conformance: 3 passed, 0 failed, 0 skipped/);
  const m = JSON.parse(await readFile(join(base, 'merged', 'report.json'), 'utf8')) as Report & { mergedFrom: string[] };
  t.same(m.cases.map((c) => [c.id, c.verdict]), whole.cases.map((c) => [c.id, c.verdict]));
  t.same(m.counts, whole.counts);
  t.equal(m.digest.value, whole.digest.value, 'same results digest as the unsharded run');
  t.same(m.mergedFrom, ['1/2', '2/2']);
});

t.test('merge refuses what is not one run', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'cc-shards-'));
  const one = await run(join(base, 's1'), ['--shard=1/2']);
  t.throws(() => mergeReports([one]), /shard 2\/2 missing/);
  t.throws(() => mergeReports([one, one]), /shard 2\/2 missing|given twice/);
  t.throws(() => mergeReports([one, { ...one, seed: 5, shard: '2/2' }]), /different runs/);
  t.throws(() => mergeReports([]), /give the shard reports/);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', MERGE, join(base, 'nowhere')], { encoding: 'utf8' });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^report:merge: No report at .*nowhere\n$/);
});
