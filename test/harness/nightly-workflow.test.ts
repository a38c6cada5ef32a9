// The nightly workflow is code too: parse it and check it does what it says.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

const text = await readFile(new URL('../../.github/workflows/nightly-fuzz.yml', import.meta.url), 'utf8');
const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = { steps: Step[]; strategy?: { matrix: Record<string, unknown[]> }; needs?: string; env?: Record<string, string> };
const wf = parse(text) as { on: { schedule: Array<{ cron: string }>; workflow_dispatch?: unknown }; jobs: Record<string, Job>; env: Record<string, string>; permissions: Record<string, string> };

t.test('runs on a schedule and by hand, with read-only permissions', async (t) => {
  t.match(wf.on.schedule[0]!.cron, /^(\S+\s+){4}\S+$/, 'five cron fields');
  t.ok(wf.on.workflow_dispatch);
  t.same(wf.permissions, { contents: 'read' });
});

t.test('a matrix of shards against the reference and a secret target', async (t) => {
  const fuzz = wf.jobs.fuzz!;
  const shards = fuzz.strategy!.matrix.shard as number[];
  t.same(shards, Array.from({ length: Number(wf.env.SHARDS) }, (_, i) => i + 1), 'shards 1..SHARDS');
  t.same(fuzz.strategy!.matrix.target, ['reference', 'remote']);
  t.match(fuzz.env!.TARGET_URL!, /secrets\.TARGET_URL/);
  const runs = fuzz.steps.map((s) => s.run ?? '').join('\n');
  t.match(runs, /npm ci/);
  t.match(runs, /npm test -- .*--shard=\$\{\{ matrix\.shard \}\}\/\$\{\{ env\.SHARDS \}\}/);
  t.match(runs, /npm run fuzz -- .*--shard=.*--time-budget=.*--corpus=corpus-new\/fuzz/);
  t.ok(fuzz.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('corpus-new')), 'new corpus files are kept');
  t.ok(fuzz.steps.some((s) => s.uses?.startsWith('actions/setup-node@') && String(s.with?.['node-version']) === '20'));
});

t.test('a merge job builds one report from the shards', async (t) => {
  const merge = wf.jobs.merge!;
  t.equal(merge.needs, 'fuzz');
  t.match(merge.steps.map((s) => s.run ?? '').join('\n'), /npm run report:merge -- /);
});

t.test('a job proves the fuzzer finds every reference fault', async (t) => {
  const power = wf.jobs.power!;
  t.ok(power, 'a power job');
  t.match(power.steps.map((s) => s.run ?? '').join('\n'), /npm run selfcheck -- --fuzz-budget=60 --fuzz-must-find/);
  t.ok(power.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('reports/fuzz')), 'the replays are kept');
});

t.test('every npm script the workflow calls exists', async (t) => {
  for (const m of text.matchAll(/npm run ([a-z:-]+)/g)) t.ok(pkg.scripts[m[1]!], `script ${m[1]}`);
});
