// Results are never lost: a report directory that cannot be written, a bad
// --path or --corpus is refused before anything runs (one line, exit 2), and
// report:merge refuses what would not be one whole run.
import t from 'tap';

type Tap = Pick<typeof t, 'equal' | 'match' | 'notMatch'>;
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, writeReports } from '../../harness/report/report-json.ts';
import { type RunInfo } from '../../harness/report/report.ts';
import { SUITE_VERSION } from '../../harness/cli/conformance.ts';
import { INFO, result } from './report/fixtures.ts';

const tsx = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`../../harness/cli/${script}`, import.meta.url)), ...args], { encoding: 'utf8', timeout: 60_000 });

function oneLine(t: Tap, r: ReturnType<typeof tsx>, pattern: RegExp): void {
  t.equal(r.status, 2, r.stderr);
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  t.match(r.stderr, pattern);
}

t.test('a --report under a regular file: exit 2 before any case', async (t) => {
  const file = join(await mkdtemp(join(tmpdir(), 'cc-report-')), 'a-file');
  await writeFile(file, 'not a directory');
  const r = tsx('main.ts', `--report=${file}/sub`, '--case=GRAPH-auth-rejected');
  oneLine(t, r, /report directory .*a-file\/sub cannot be made/);
  t.equal(r.stdout, '', 'no case started');
});

t.test('a --report under /proc: refused at once, no spin', async (t) => {
  const r = tsx('main.ts', '--report=/proc/self/cc-report', '--case=GRAPH-auth-rejected');
  oneLine(t, r, /under \/proc, \/sys, \/dev: give a normal directory/);
  t.equal(r.stdout, '');
});

t.test('--path that is not a fast-check path: exit 2', async (t) => {
  oneLine(t, tsx('main.ts', '--path=x', '--case=GRAPH-auth-rejected'), /--path must be a fast-check path like 3:0:1/);
});

t.test('fuzz --corpus naming a file: exit 2', async (t) => {
  const file = join(await mkdtemp(join(tmpdir(), 'cc-corpus-')), 'entry.json');
  await writeFile(file, '{}');
  oneLine(t, tsx('fuzz.ts', `--corpus=${file}`, '--time-budget=1s'), /--corpus must be a directory; .*entry\.json is a file/);
});

async function shard(base: string, name: string, info: RunInfo, ids: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const dir = join(base, name);
  const results = ids.map((id) => result(id, 'pass'));
  const report = { ...buildReport(info, { pass: results.length, fail: 0, warn: 0, 'n/a': 0, error: 0 }, results), ...extra };
  await writeReports(dir, report as ReturnType<typeof buildReport>, (s) => s);
  return dir;
}

t.test('report:merge refuses an aborted shard, a case id twice and an incomplete shard', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'cc-merge-'));
  // A suite version this checkout does not know: the selection cannot be recomputed, only aborts and duplicates judged.
  const other = { ...INFO, suite: { ...INFO.suite, version: '0.0.0-other' } };
  const one = await shard(base, 's1', { ...other, shard: '1/2' }, ['A-1', 'A-2']);
  const aborted = await shard(base, 's2-aborted', { ...other, shard: '2/2' }, ['B-1'], { aborted: { case: 'B-1', reason: 'Target http://127.0.0.1:1 reset the connection on POST /conformance/v0/reset' } });
  oneLine(t, tsx('report-merge.ts', one, aborted), /is the report of an aborted run/);
  const twice = await shard(base, 's2-twice', { ...other, shard: '2/2' }, ['B-1', 'A-2']);
  oneLine(t, tsx('report-merge.ts', one, twice), /case A-2 appears twice \(shard 1\/2 and shard 2\/2\)/);
  const fine = await shard(base, 's2', { ...other, shard: '2/2' }, ['B-1']);
  t.equal(tsx('report-merge.ts', one, fine, `--out=${join(base, 'merged')}`).status, 0, 'the whole run merges');

  // This suite's version: a shard must hold every case of its selection.
  const mine = { ...INFO, suite: { ...INFO.suite, version: SUITE_VERSION }, selection: 'GRAPH-auth-rejected,GRAPH-send-response-shape' };
  const short = await shard(base, 'short', { ...mine, shard: '1/1' }, ['GRAPH-auth-rejected']);
  oneLine(t, tsx('report-merge.ts', short), /shard 1\/1 is incomplete: 1 of its 2 cases \(missing GRAPH-send-response-shape\)/);
});
