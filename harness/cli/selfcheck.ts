// `npm run selfcheck`: proves the suite catches what it claims to. The clean
// reference must pass every case; each reference fault, switched on, must be
// caught (fail or warn) by at least one case that names it. Prints the kill
// matrix, writes reports/selfcheck.json, exits 1 on any hole.
//
// By default each fault runs only the cases that name it, which keeps this to
// minutes as faults grow; --all runs every case against every fault and shows
// what else catches each one.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAULTS } from '../../reference/faults/index.ts';
import { loadCases } from '../run/registry.ts';
import type { ConformanceCase } from '../core/case.ts';
import { TRANSPORT_BOUND } from '../core/capabilities.ts';
import type { CaseResult } from '../core/result.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { exitWhenFlushed, installShutdown } from './shutdown.ts';
import { runConformance, type Output } from './conformance.ts';
import { fuzzMain } from './fuzz.ts';

interface SelfcheckArgs {
  all: boolean;
  /** Seconds the fuzzer gets per fault to find it (0: skip the fuzz column). */
  fuzzBudget: number;
  /** A fault the fuzzer does not find, or whose replay does not fail again, is a problem (the nightly proof of power). */
  fuzzMustFind: boolean;
  seed: number;
  runs: number;
  faults?: string[];
  /** Which consumer paths to prove the cases on: both (default), or one. */
  paths: 'both' | 'signal' | 'simulation';
}

const USAGE = `Usage: npm run selfcheck -- [--all] [--seed=N] [--runs=N] [--fault=NAME,…] [--fuzz-budget=SECONDS] [--fuzz-must-find] [--consumer=signal|simulation]

Runs the suite against the clean reference (everything must pass) and against
each reference fault (the cases naming it must catch it), and shows how long
the stateful fuzzer takes to find each fault (--fuzz-budget, default 5 s per
fault; 0 skips it; informational: a fault the fuzzer's invariants do not cover
is not a hole as long as a case catches it; with --fuzz-must-find a fault the
fuzzer misses, or whose shrunk replay does not fail again, is a problem too).
Then the same proof through the simulation surface (PROTOCOL.md §14): every
case that runs with a simulated consumer passes on the clean reference that
way and catches one of its faults that way (--consumer picks one of the two
passes).
Exit 0: every fault
caught and the clean run green; 1: a hole or a false failure; 2: bad usage.`;

function parse(argv: string[]): SelfcheckArgs | string {
  const a: SelfcheckArgs = { all: false, fuzzBudget: 5, fuzzMustFind: false, seed: 20261122, runs: 20, paths: 'both' };
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) return `unexpected argument "${arg}"`;
    const [, name, value] = m;
    if (name === 'all' && value === undefined) a.all = true;
    else if (name === 'fuzz-must-find' && value === undefined) a.fuzzMustFind = true;
    else if ((name === 'seed' || name === 'runs') && value !== undefined && /^\d+$/.test(value)) a[name] = Number(value);
    else if (name === 'fuzz-budget' && value !== undefined && /^\d+$/.test(value)) a.fuzzBudget = Number(value);
    else if (name === 'fault' && value) a.faults = value.split(',');
    else if (name === 'consumer' && (value === 'signal' || value === 'simulation')) a.paths = value;
    else if (name === 'help') return 'help';
    else return `unknown or malformed flag ${arg} (see --help)`;
  }
  if (a.fuzzMustFind && a.fuzzBudget === 0) return '--fuzz-must-find needs a --fuzz-budget above 0';
  return a;
}

const quiet: Output = { out: () => {}, err: (t) => process.stderr.write(t) };

async function run(flags: string[]): Promise<{ exitCode: number; results: CaseResult[] }> {
  return runConformance(flags, quiet);
}

const caught = (r: CaseResult) => r.verdict === 'fail' || r.verdict === 'warn';

async function main(): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    console.error(`selfcheck: ${parsed}`);
    return 2;
  }
  const args = parsed;
  const cases = await loadCases();
  const faultNames = FAULTS.map((f) => f.name);
  const unknown = args.faults?.filter((f) => !faultNames.includes(f)) ?? [];
  if (unknown.length) {
    console.error(`selfcheck: unknown fault ${unknown.join(', ')}; valid faults: ${faultNames.join(', ')}`);
    return 2;
  }
  const problems: string[] = [];

  // Metadata first: a case naming a fault the reference lacks is a broken promise.
  for (const c of cases) {
    for (const f of c.faults) if (!faultNames.includes(f)) problems.push(`case ${c.id} names fault "${f}", which reference/faults/ does not have`);
  }

  const common = [`--seed=${args.seed}`, `--runs=${args.runs}`];
  const t0 = performance.now();
  console.log(`selfcheck: seed ${args.seed}, ${args.runs} runs per property, ${cases.length} cases, ${FAULTS.length} faults${args.all ? ', every case against every fault' : ''}`);

  const signal = args.paths !== 'simulation';
  const clean = signal ? await run(common) : { exitCode: 0, results: [] as CaseResult[] };
  const cleanBad = clean.results.filter((r) => r.verdict !== 'pass');
  if (signal) console.log(`clean reference: ${clean.results.length - cleanBad.length}/${clean.results.length} pass (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  for (const r of cleanBad) {
    problems.push(`clean reference: ${r.id} is ${r.verdict}: ${r.message ?? ''}${r.replay ? ` — replay: ${r.replay}` : ''}`);
  }
  if (signal && clean.exitCode === 2 && clean.results.length === 0) problems.push('clean reference: the run could not start (see the error above)');

  const matrix: Array<{
    fault: string;
    description: string;
    namedBy: string[];
    caughtBy: string[];
    alsoCaughtBy: string[];
    seconds: number;
    fuzzSecondsToDetect?: number | null;
    fuzzFailure?: string;
    fuzzReplay?: string;
    /** The recorded steps, replayed on their own, failed again (what the replay command runs). */
    fuzzReplayReproduces?: boolean;
  }> = [];
  for (const fault of FAULTS.filter((f) => signal && (!args.faults || args.faults.includes(f.name)))) {
    const namedBy = cases.filter((c) => c.faults.includes(fault.name)).map((c) => c.id);
    const selected: ConformanceCase[] = args.all ? cases : cases.filter((c) => namedBy.includes(c.id));
    const started = performance.now();
    let results: CaseResult[] = [];
    if (selected.length > 0) {
      results = (await run([...common, `--reference-fault=${fault.name}`, `--case=${selected.map((c) => c.id).join(',')}`])).results;
    }
    const seconds = (performance.now() - started) / 1000;
    const caughtBy = results.filter((r) => caught(r) && namedBy.includes(r.id)).map((r) => r.id);
    const alsoCaughtBy = results.filter((r) => caught(r) && !namedBy.includes(r.id)).map((r) => r.id);
    for (const r of results.filter((r) => r.verdict === 'error')) problems.push(`fault ${fault.name}: ${r.id} could not run: ${r.message ?? ''}`);
    if (namedBy.length === 0) problems.push(`fault ${fault.name} is named by no case: a hole in the suite`);
    else if (caughtBy.length === 0) problems.push(`fault ${fault.name} is caught by none of the cases naming it (${namedBy.join(', ')}): a hole in the suite`);
    let fuzzSecondsToDetect: number | null | undefined;
    let fuzzReplay: string | undefined;
    let fuzzFailure: string | undefined;
    let fuzzReplayReproduces: boolean | undefined;
    if (args.fuzzBudget > 0) {
      const found = await fuzzMain([`--reference-fault=${fault.name}`, `--seed=${args.seed}`, `--time-budget=${args.fuzzBudget}s`, '--shrink-budget=30s', '--no-corpus'], () => {}, (t) => process.stderr.write(t));
      fuzzSecondsToDetect = found.exitCode === 1 && found.timeToDetectMs !== undefined ? found.timeToDetectMs / 1000 : null;
      // The shrunk counterexample's replay (a steps file under reports/fuzz/).
      fuzzReplay = found.replay;
      // One line per fault in the matrix: the message's first.
      fuzzFailure = found.failure?.message.split('\n')[0];
      if (found.failure) fuzzReplayReproduces = found.failure.stepsNote === undefined;
      if (args.fuzzMustFind && fuzzSecondsToDetect === null) problems.push(`fault ${fault.name}: the fuzzer did not find it within ${args.fuzzBudget} s`);
      if (args.fuzzMustFind && fuzzReplayReproduces === false) problems.push(`fault ${fault.name}: the fuzzer's shrunk steps did not fail again when replayed on their own`);
    }
    matrix.push({ fault: fault.name, description: fault.description, namedBy, caughtBy, alsoCaughtBy, seconds, fuzzSecondsToDetect, fuzzFailure, fuzzReplay, fuzzReplayReproduces });
    const mark = caughtBy.length > 0 ? 'caught' : 'MISSED';
    const fuzzNote = fuzzSecondsToDetect === undefined ? '' : fuzzSecondsToDetect === null ? `; fuzz: not found in ${args.fuzzBudget} s` : `; fuzz: found in ${fuzzSecondsToDetect.toFixed(1)} s`;
    console.log(`  ${mark.padEnd(6)} ${fault.name.padEnd(30)} by ${caughtBy.join(', ') || '-'}${alsoCaughtBy.length ? ` (also: ${alsoCaughtBy.join(', ')})` : ''} (${seconds.toFixed(1)} s${fuzzNote})`);
    if (fuzzReplay) console.log(`         fuzz replay${fuzzReplayReproduces ? '' : ' (did NOT fail again when replayed on its own)'}: ${fuzzReplay}`);
  }

  const simulated = args.paths === 'signal' ? undefined : await simulationPass(cases, common, args.faults, problems);

  // A case is done only when it catches a fault.
  if (!args.faults && signal) {
    for (const c of cases) {
      if (!matrix.some((m) => m.caughtBy.includes(c.id))) problems.push(`case ${c.id} caught none of the faults it names (${c.faults.join(', ')})`);
    }
  }

  const out = join(PROJECT_ROOT, 'reports', 'selfcheck.json');
  await mkdir(join(PROJECT_ROOT, 'reports'), { recursive: true });
  await writeFile(
    out,
    JSON.stringify({ seed: args.seed, runs: args.runs, all: args.all, clean: clean.results.map((r) => ({ id: r.id, verdict: r.verdict })), faults: matrix, ...(simulated ? { simulation: simulated } : {}), problems }, null, 2) + '\n',
  );
  if (signal) console.log(`kill matrix: ${matrix.filter((m) => m.caughtBy.length > 0).length}/${matrix.length} faults caught; written to ${out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  else console.log(`written to ${out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  if (args.fuzzBudget > 0) {
    const found = matrix.filter((m) => typeof m.fuzzSecondsToDetect === 'number');
    const missed = matrix.filter((m) => m.fuzzSecondsToDetect === null).map((m) => m.fault);
    console.log(`fuzz: ${found.length}/${matrix.length} faults found within ${args.fuzzBudget} s each, ${found.filter((m) => m.fuzzReplayReproduces).length} of them with a replay that fails again${missed.length ? `; not found: ${missed.join(', ')}` : ''}`);
  }
  console.log(await latestMutationScore());
  for (const p of problems) console.log(`PROBLEM: ${p}`);
  console.log(problems.length === 0 ? 'selfcheck: ok' : `selfcheck: ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

/**
 * The proof again with consumers writing through the simulation surface: the
 * cases that apply that way pass on the clean reference and each catches one
 * of the faults it names, so a verdict through simulation means what it does
 * through Signal.
 */
async function simulationPass(cases: ConformanceCase[], common: string[], only: string[] | undefined, problems: string[]) {
  const started = performance.now();
  const viaSimulation = cases.filter((c) => c.requires.includes('consumer') && !c.requires.some((r) => (TRANSPORT_BOUND as readonly string[]).includes(r)));
  const flags = [...common, '--consumer=simulation'];
  const ids = viaSimulation.map((c) => c.id);
  const clean = await run([...flags, `--case=${ids.join(',')}`]);
  const bad = clean.results.filter((r) => r.verdict !== 'pass');
  for (const r of bad) problems.push(`through simulation, clean reference: ${r.id} is ${r.verdict}: ${r.message ?? ''}${r.replay ? ` — replay: ${r.replay}` : ''}`);
  console.log(`through simulation: clean reference ${clean.results.length - bad.length}/${clean.results.length} pass`);
  const caughtBy = new Map<string, string[]>();
  const faults = [...new Set(viaSimulation.flatMap((c) => c.faults))].filter((f) => !only || only.includes(f)).sort();
  for (const fault of faults) {
    const naming = viaSimulation.filter((c) => c.faults.includes(fault)).map((c) => c.id);
    const results = (await run([...flags, `--reference-fault=${fault}`, `--case=${naming.join(',')}`])).results;
    const by = results.filter(caught).map((r) => r.id);
    for (const r of results.filter((r) => r.verdict === 'error')) problems.push(`through simulation, fault ${fault}: ${r.id} could not run: ${r.message ?? ''}`);
    caughtBy.set(fault, by);
    console.log(`  ${(by.length ? 'caught' : 'signal').padEnd(6)} ${fault.padEnd(30)} ${by.length ? `by ${by.join(', ')}` : 'only on the Signal path'}`);
  }
  if (!only) {
    for (const c of viaSimulation) {
      if (!c.faults.some((f) => caughtBy.get(f)?.includes(c.id))) problems.push(`through simulation, case ${c.id} caught none of the faults it names (${c.faults.join(', ')})`);
    }
  }
  const caughtCount = [...caughtBy.values()].filter((b) => b.length > 0).length;
  console.log(`through simulation: ${viaSimulation.length} cases, ${caughtCount}/${faults.length} of their faults caught that way (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return { cases: ids, clean: clean.results.map((r) => ({ id: r.id, verdict: r.verdict })), faults: faults.map((f) => ({ fault: f, caughtBy: caughtBy.get(f) ?? [] })) };
}

/**
 * The other measure of the suite's power, read beside the kill matrix: how
 * many of the mutants StrykerJS made of the reference the cases killed, as
 * the last `npm run mutation` left it.
 */
async function latestMutationScore(): Promise<string> {
  const file = join(PROJECT_ROOT, 'reports', 'mutation', 'summary.json');
  let s: { date?: unknown; score?: unknown; mutants?: unknown; killed?: unknown; timeout?: unknown; survived?: unknown; modules?: unknown };
  try {
    s = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return 'mutation score: none recorded here yet (npm run mutation; README "Mutation testing" has the latest table)';
  }
  if (typeof s.score !== 'number') return `mutation score: ${file} has no score`;
  const modules = Array.isArray(s.modules) ? ` over ${s.modules.length} module(s)` : '';
  return `mutation score: ${s.score}% (${String(s.killed)} killed, ${String(s.timeout ?? 0)} timed out, ${String(s.survived)} survived of ${String(s.mutants)} mutants${modules}; npm run mutation, ${String(s.date)})`;
}

installShutdown();
await exitWhenFlushed(await main());
