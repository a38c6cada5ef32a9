// `npm run report:merge -- DIR_OR_FILE… [--out=DIR]`: one report from the
// reports of the shards of a run (--shard=i/n), with the same verdicts an
// unsharded run of the same seed gives. Refuses shards of different runs,
// the report of an aborted shard, a shard with fewer cases than its
// selection, and a case id given twice: a merged report speaks for every case.

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { countVerdicts, exitCodeFor, type CaseResult } from '../core/result.ts';
import { isHarnessError } from '../core/errors.ts';
import { loadCases, selectCases } from '../run/registry.ts';
import { SUITE_VERSION } from './conformance.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { buildReport, writeReports } from '../report/report-json.ts';
import { type Report, type RunInfo } from '../report/report.ts';
import { tapSummary } from '../report/tap.ts';
import { reportDirProblem } from '../report/report-dir.ts';
import { badArgument, parseFlagWords, usageLines, type FlagSpec } from './flags.ts';
import { exitWhenFlushed } from './shutdown.ts';

const FLAGS: FlagSpec[] = [
  { name: 'out', value: 'DIR', help: 'where the merged report goes (default reports/merged-<time>/)' },
  { name: 'help', help: 'show this help' },
];

const SCHEMA_FILE = join(PROJECT_ROOT, 'harness/report/report.schema.json');

async function readReport(path: string, validate: (v: unknown) => boolean): Promise<Report> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'report.json');
  } catch {
    throw badArgument(`No report at ${path}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw badArgument(`${file} is not readable JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if ((v as { aborted?: unknown } | null)?.aborted) throw badArgument(`${file} is the report of an aborted run: run that shard again`);
  if (!validate(v)) throw badArgument(`${file} is not a cloudapi-conformance report (it does not match report.schema.json)`);
  return v as Report;
}

/** What must be equal across shards of one run. */
function runKey(r: Report): string {
  return JSON.stringify([r.suite, r.protocol, r.target.implementation, r.target.fault ?? null, r.capabilities, r.seed, r.runs, r.selection ?? null]);
}

/** The case ids a shard's run selected, when this suite knows them (same version): a shorter report is incomplete. */
export type ShardSelection = (r: Report) => string[] | undefined;

export function mergeReports(reports: readonly Report[], selectionOf?: ShardSelection): { info: RunInfo; results: CaseResult[] } {
  if (reports.length === 0) throw badArgument('give the shard reports to merge (directories or report.json files)');
  const key = runKey(reports[0]!);
  for (const r of reports) {
    if (runKey(r) !== key) throw badArgument(`reports come from different runs (suite, target, capabilities, seed, runs or selection differ): ${r.shard ?? 'unsharded'} vs ${reports[0]!.shard ?? 'unsharded'}`);
  }
  const counts = new Set(reports.map((r) => r.shard?.split('/')[1]));
  if (counts.size !== 1 || counts.has(undefined)) throw badArgument('every report to merge must be a shard of the same --shard=i/n split');
  const n = Number([...counts][0]);
  const have = new Set(reports.map((r) => Number(r.shard!.split('/')[0])));
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !have.has(i));
  if (missing.length > 0) throw badArgument(`shard ${missing.map((i) => `${i}/${n}`).join(', ')} missing`);
  if (have.size !== reports.length) throw badArgument('the same shard is given twice');
  const seen = new Map<string, string>();
  for (const r of reports) {
    if ((r as { aborted?: unknown }).aborted) throw badArgument(`shard ${r.shard} is the report of an aborted run: run it again`);
    for (const c of r.cases) {
      const other = seen.get(c.id);
      if (other !== undefined) throw badArgument(`case ${c.id} appears twice (shard ${other} and shard ${r.shard}): not the reports of one run`);
      seen.set(c.id, r.shard!);
    }
    const wanted = selectionOf?.(r);
    const missed = wanted?.filter((id) => !r.cases.some((c) => c.id === id)) ?? [];
    if (missed.length > 0) throw badArgument(`shard ${r.shard} is incomplete: ${r.cases.length} of its ${wanted!.length} cases (missing ${missed.slice(0, 3).join(', ')}${missed.length > 3 ? ', …' : ''})`);
  }

  const results = reports.flatMap((r) => r.cases).sort((a, b) => a.id.localeCompare(b.id));
  const first = reports[0]!;
  const info: RunInfo = {
    suite: first.suite,
    protocol: first.protocol,
    target: first.target,
    capabilities: first.capabilities,
    seed: first.seed,
    runs: first.runs,
    ...(first.selection !== undefined ? { selection: first.selection } : {}),
    startedAt: reports.map((r) => r.startedAt).sort()[0]!,
    finishedAt: reports.map((r) => r.finishedAt).sort().at(-1)!,
    // A shard that stopped early makes the whole run one that stopped early.
    ...(reports.find((r) => r.aborted) ? { aborted: reports.find((r) => r.aborted)!.aborted } : {}),
  };
  return { info, results };
}

/** What each shard of this suite's version selected (conformance.ts: every n-th case of --case's selection). */
async function shardSelections(): Promise<ShardSelection> {
  const all = await loadCases();
  return (r) => {
    if (r.suite.version !== SUITE_VERSION || !r.shard) return undefined;
    const [i, n] = r.shard.split('/').map(Number) as [number, number];
    return selectCases(all, r.selection).filter((_, k) => k % n === i - 1).map((c) => c.id);
  };
}

async function main(argv: string[]): Promise<number> {
  const paths = argv.filter((a) => !a.startsWith('--'));
  let raw: Map<string, string | true>;
  try {
    raw = parseFlagWords(argv.filter((a) => a.startsWith('--')), FLAGS);
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    console.error(`report:merge: ${e.message}`);
    return 2;
  }
  if (raw.has('help')) {
    console.log(['Usage: npm run report:merge -- SHARD_REPORT… [--out=DIR]', '', 'Combines the reports of every shard of one run into one report.', '', ...usageLines(FLAGS)].join('\n'));
    return 0;
  }
  try {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    const validate = ajv.compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')) as object);
    const reports = await Promise.all(paths.map((p) => readReport(p, (v) => validate(v) === true)));
    const { info, results } = mergeReports(reports, await shardSelections());
    const out = (raw.get('out') as string | undefined) ?? join(PROJECT_ROOT, 'reports', `merged-${new Date().toISOString().replace(/[:.]/g, '-')}-seed${info.seed}`);
    const outProblem = reportDirProblem(out, '--out');
    if (outProblem) throw badArgument(outProblem);
    const report = { ...buildReport(info, countVerdicts(results), results), mergedFrom: reports.map((r) => r.shard!).sort() };
    const files = await writeReports(out, report, (s) => s);
    process.stdout.write(tapSummary(results.length, countVerdicts(results), files.json, { html: files.html, junit: files.junit }));
    return exitCodeFor(results);
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    console.error(`report:merge: ${e.message}`);
    return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await exitWhenFlushed(await main(process.argv.slice(2)));
