// The nightly mutation workflow is code too: parse it and check it does what it says.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { referenceModules, selectModules } from '../../harness/mutation/args.ts';
import { PROJECT_ROOT } from '../../harness/target/reference-process.ts';

const text = await readFile(new URL('../../.github/workflows/nightly-mutation.yml', import.meta.url), 'utf8');
const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = { steps: Step[]; strategy?: { 'fail-fast'?: boolean; matrix: { include: Array<{ shard: number; files: string }> } }; needs?: string; if?: string };
const wf = parse(text) as { on: { schedule: Array<{ cron: string }>; workflow_dispatch?: unknown }; jobs: Record<string, Job>; env: Record<string, string>; permissions: Record<string, string> };

t.test('runs on a schedule and by hand, with read-only permissions', async (t) => {
  t.match(wf.on.schedule[0]!.cron, /^(\S+\s+){4}\S+$/, 'five cron fields');
  t.ok(wf.on.workflow_dispatch);
  t.same(wf.permissions, { contents: 'read' });
});

t.test('a matrix of shards, every reference module in exactly one', async (t) => {
  const job = wf.jobs.mutation!;
  const shards = job.strategy!.matrix.include;
  t.same(shards.map((s) => s.shard), Array.from({ length: Number(wf.env.SHARDS) }, (_, i) => i + 1), 'shards 1..SHARDS');
  t.equal(job.strategy!['fail-fast'], false, 'one shard failing does not cancel the others');
  const modules = referenceModules(PROJECT_ROOT);
  const seen = new Map<string, number>();
  for (const s of shards) {
    // The CLI's own --files check: every glob matches a module, none is outside reference/.
    for (const m of selectModules(s.files, modules)) {
      t.notOk(seen.has(m), `${m} is in shard ${s.shard} only (also in ${seen.get(m)})`);
      seen.set(m, s.shard);
    }
  }
  t.same([...seen.keys()].sort(), selectModules(undefined, modules), 'the shards together are every module the mutation run would mutate');
});

t.test('each shard runs the mutation CLI incrementally and keeps its reports', async (t) => {
  const job = wf.jobs.mutation!;
  const runs = job.steps.map((s) => s.run ?? '').join('\n');
  t.match(runs, /npm ci/);
  t.match(runs, /npm run mutation -- --files=\$\{\{ matrix\.files \}\} --runs=\$\{\{ env\.RUNS \}\} --incremental/);
  t.ok(job.steps.some((s) => s.uses?.startsWith('actions/cache/restore@') && s.with?.path === 'reports/mutation/stryker-incremental.json'), 'last results restored');
  t.ok(job.steps.some((s) => s.uses?.startsWith('actions/cache/save@') && s.with?.path === 'reports/mutation/stryker-incremental.json' && s.if === 'always()'), 'new results kept');
  t.ok(job.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).startsWith('reports/mutation') && s.if === 'always()'), 'reports uploaded');
  t.ok(job.steps.some((s) => s.uses?.startsWith('actions/setup-node@') && String(s.with?.['node-version']) === '20'));
});

t.test('a summary job shows every shard\'s scores', async (t) => {
  const summary = wf.jobs.summary!;
  t.equal(summary.needs, 'mutation');
  t.equal(summary.if, 'always()');
  t.ok(summary.steps.some((s) => s.uses?.startsWith('actions/download-artifact@') && s.with?.pattern === 'nightly-mutation-shard-*'));
  t.match(summary.steps.map((s) => s.run ?? '').join('\n'), /scores\.md/);
});

t.test('every npm script the workflow calls exists', async (t) => {
  for (const m of text.matchAll(/npm run ([a-z:-]+)/g)) t.ok(pkg.scripts[m[1]!], `script ${m[1]}`);
});
