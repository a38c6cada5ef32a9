// `npm run fuzz`: long stateful fuzzing of a target. Replays the regression
// corpus first, then searches within --time-budget; a failure is shrunk,
// printed with a replay command, and written to the corpus.

import { relative } from 'node:path';
import { SecretRegistry, withoutUserinfo } from '../core/secrets.ts';
import { isHarnessError } from '../core/errors.ts';
import { missingCapabilities } from '../core/capabilities.ts';
import { openSession, type Session } from '../run/session.ts';
import { replayMissing, replaySteps, runFuzz, type FuzzFailure } from '../fuzz/engine.ts';
import { FUZZ_REQUIRES } from '../fuzz/commands/index.ts';
import { entryFileName, entryFor, listEntries, readEntry, writeEntry } from '../fuzz/corpus.ts';
import { CaseFailure } from '../core/errors.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { exitWhenFlushed, installShutdown } from './shutdown.ts';
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { DEFAULT_CORPUS } from '../fuzz/corpus-location.ts';
import { badArgument, directoryFlag, duration, fastCheckPath, httpUrl, listenAddress, parseFlagWords, shard, usageLines, wholeNumber, type FlagSpec } from './flags.ts';


const FLAGS: FlagSpec[] = [
  { name: 'target', value: 'URL', help: 'implementation under test (default: the embedded reference)' },
  { name: 'control-token', value: 'TOKEN', help: 'its control-plane token (or env CLOUDAPI_CONTROL_TOKEN)' },
  { name: 'reference-fault', value: 'NAME', help: 'fuzz the embedded reference with this fault switched on' },
  { name: 'time-budget', value: 'DURATION', help: 'how long to search, e.g. 60s, 10m, 2h (default 60s)' },
  { name: 'runs', value: 'N', help: 'at most N command sequences (default: as many as the budget allows)' },
  { name: 'max-commands', value: 'N', help: 'longest command sequence (default 20)' },
  { name: 'shrink-budget', value: 'DURATION', help: 'how long to shrink a failure at most (default 120s)' },
  { name: 'seed', value: 'N', help: 'fast-check seed (default random, printed)' },
  { name: 'path', value: 'P', help: 'replay exactly this fast-check path (with --seed)' },
  { name: 'replay-path', value: 'R', help: 'the command sequence\'s replay path printed with a failure (with --path)' },
  { name: 'replay', value: 'FILE', help: 'replay one corpus file and exit' },
  { name: 'corpus', value: 'DIR', help: 'regression corpus to replay first and write failures to (default corpus/fuzz)' },
  { name: 'no-corpus', help: 'neither replay nor write the corpus' },
  { name: 'shard', value: 'i/n', help: 'this is shard i of n: searches seed + i - 1 (use the same --seed on every shard)' },
  { name: 'listen', value: 'HOST:PORT', help: 'where the harness\'s servers listen (default 127.0.0.1:0)' },
  { name: 'public-url', value: 'URL', help: 'how the target reaches the harness\'s servers' },
  { name: 'help', help: 'show this help' },
];

export interface FuzzArgs {
  target?: string;
  controlToken?: string;
  referenceFault?: string;
  budgetMs: number;
  shrinkBudgetMs: number;
  runs: number;
  maxCommands: number;
  seed: number;
  seedGiven: boolean;
  path?: string;
  replayPath?: string;
  replay?: string;
  corpus?: string;
  noCorpus: boolean;
  listenHost: string;
  listenPort: number;
  publicUrl?: string;
  help: boolean;
}

export function parseFuzzArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): FuzzArgs {
  const raw = parseFlagWords(argv, FLAGS);
  const s = (n: string) => raw.get(n) as string | undefined;
  const { host: listenHost, port: listenPort } = s('listen') ? listenAddress('listen', s('listen')!) : { host: '127.0.0.1', port: 0 };
  if (s('target') && s('reference-fault')) throw badArgument('--reference-fault applies to the embedded reference only; drop --target');
  if (s('path') && !s('seed')) throw badArgument('--path needs the --seed it came from');
  const seedGiven = s('seed') !== undefined;
  let seed = seedGiven ? wholeNumber('seed', s('seed')!, 0, 2 ** 31 - 1) : Math.floor(Math.random() * 2 ** 31);
  if (s('shard')) seed = (seed + shard('shard', s('shard')!).index - 1) % 2 ** 31;
  return {
    target: s('target') ? httpUrl('target', s('target')!) : undefined,
    controlToken: s('control-token') ?? env.CLOUDAPI_CONTROL_TOKEN,
    referenceFault: s('reference-fault'),
    budgetMs: s('time-budget') ? duration('time-budget', s('time-budget')!) : 60_000,
    shrinkBudgetMs: s('shrink-budget') ? duration('shrink-budget', s('shrink-budget')!) : 120_000,
    runs: s('runs') ? wholeNumber('runs', s('runs')!, 1, 10_000_000) : 10_000_000,
    maxCommands: s('max-commands') ? wholeNumber('max-commands', s('max-commands')!, 1, 200) : 20,
    seed,
    seedGiven,
    path: s('path') !== undefined ? fastCheckPath('path', s('path')!) : undefined,
    replayPath: s('replay-path'),
    replay: s('replay'),
    corpus: s('corpus') !== undefined ? directoryFlag('corpus', s('corpus')!) : undefined,
    noCorpus: raw.has('no-corpus'),
    listenHost,
    listenPort,
    publicUrl: s('public-url') ? httpUrl('public-url', s('public-url')!) : undefined,
    help: raw.has('help'),
  };
}

function replayCommand(a: FuzzArgs, seed: number, path: string, replayPath: string | undefined): string {
  const parts = ['npm run fuzz --'];
  if (a.target) parts.push(`--target=${withoutUserinfo(a.target)}`, '--control-token=[Filtered]');
  if (a.referenceFault) parts.push(`--reference-fault=${a.referenceFault}`);
  parts.push(`--seed=${seed}`, `--path=${path}`);
  if (replayPath) parts.push(`--replay-path=${replayPath}`);
  return parts.join(' ');
}

function printFailure(f: FuzzFailure, replay: string, redact: (s: string) => string, out: (s: string) => void): void {
  out(`FAILED: ${redact(f.message)}\n`);
  if (f.expected !== undefined) out(`  expected: ${redact(f.expected)}\n`);
  if (f.actual !== undefined) out(`  actual:   ${redact(f.actual)}\n`);
  out(`  shrunk counterexample: ${redact(f.commands)}\n`);
  out(`  wire: ${f.evidence.length} exchanges; last: ${f.evidence.slice(-3).map((e) => `${e.request} -> ${e.status ?? e.error}`).join(' | ')}\n`);
  out(`  replay: ${replay}\n`);
}

/** A failure that does not go to the corpus (a deliberate fault, --no-corpus) is kept under reports/fuzz/ for its replay. */
async function writeFailure(f: FuzzFailure, target: string, fault: string | undefined): Promise<string> {
  const dir = join(PROJECT_ROOT, 'reports', 'fuzz');
  await mkdir(dir, { recursive: true });
  // Named after the fault too: the same steps may break several faults.
  const file = join(dir, `${fault ? `${fault}-` : ''}${entryFileName(f)}`);
  await writeFile(file, JSON.stringify(entryFor(f, target, fault, relative(PROJECT_ROOT, file)), null, 2) + '\n');
  return file;
}

export interface FuzzRunResult {
  exitCode: 0 | 1 | 2;
  timeToDetectMs?: number;
  /** The shrunk failure, its message passed through the run's secret filter. */
  failure?: FuzzFailure;
  /** The command that replays the failure from its steps file (the `replay:` line printed). */
  replay?: string;
}

export async function fuzzMain(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<FuzzRunResult> {
  let args: FuzzArgs;
  try {
    args = parseFuzzArgs(argv);
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(`cloudapi-fuzz: ${e.message}\n`);
    return { exitCode: 2 };
  }
  if (args.help) {
    out(['Usage: npm run fuzz -- [--target=URL --control-token=T] [--time-budget=60s] [options]', '', 'Model-based fuzzing of the whole API; failures are shrunk and written to the regression corpus.', '', 'Options:', ...usageLines(FLAGS), '', 'Exit codes: 0 nothing found, 1 a failure (or a corpus entry failed again), 2 the fuzzer could not do its job.'].join('\n') + '\n');
    return { exitCode: 0 };
  }
  const secrets = new SecretRegistry();
  secrets.add(args.controlToken);
  secrets.addUrl(args.target);
  const redact = (s: string) => secrets.redact(s);
  // Failures found against a deliberate fault are expected: they go to the corpus only when asked.
  const corpusDir = args.noCorpus ? undefined : (args.corpus ?? (args.referenceFault ? undefined : DEFAULT_CORPUS));
  let session: Session | undefined;
  try {
    const replayFiles = args.replay ? [args.replay] : corpusDir && !args.path ? await listEntries(corpusDir) : [];
    const replays = await Promise.all(replayFiles.map(async (f) => ({ file: f, entry: await readEntry(f) })));
    session = await openSession({ ...args, secrets });
    const { env } = session;
    const missing = missingCapabilities(FUZZ_REQUIRES, env.declared);
    if (missing.length > 0) {
      err(`cloudapi-fuzz: the target does not declare ${missing.join(', ')}, which stateful fuzzing needs\n`);
      return { exitCode: 2 };
    }
    const base = { budgetMs: args.budgetMs, runs: args.runs, maxCommands: args.maxCommands, shrinkBudgetMs: args.shrinkBudgetMs };

    for (const { file, entry } of replays) {
      // A sequence the fuzzer would only draw for a target declaring more is not replayed against this one.
      const missing = replayMissing(entry, env.declared, `Corpus file ${file}`);
      if (missing.length > 0) {
        const why = `needs ${missing.join(', ')}, which the target does not declare`;
        if (args.replay) {
          err(`cloudapi-fuzz: corpus file ${relative(process.cwd(), file)} ${why}: not replayed\n`);
          return { exitCode: 2 };
        }
        out(`corpus ${relative(process.cwd(), file)}: not applicable (${why})\n`);
        continue;
      }
      const failed = await replaySteps(env, entry, `Corpus file ${file}`);
      if (failed) {
        const c = failed.cause;
        out(`corpus ${relative(process.cwd(), file)}: fails again\n`);
        out(`FAILED: ${redact(c instanceof Error ? c.message : String(c))}\n`);
        if (c instanceof CaseFailure) {
          if (c.expected !== undefined) out(`  expected: ${redact(c.expected)}\n`);
          if (c.actual !== undefined) out(`  actual:   ${redact(c.actual)}\n`);
        }
        out(`  steps: ${redact(entry.commands)}\n`);
        out(`  replay: npm run fuzz -- ${args.referenceFault ? `--reference-fault=${args.referenceFault} ` : ''}--replay=${relative(process.cwd(), file)}\n`);
        return { exitCode: 1 };
      }
      out(`corpus ${relative(process.cwd(), file)}: passes\n`);
    }
    if (args.replay) return { exitCode: 0 };

    const label = session.reference ? `the embedded reference${args.referenceFault ? ` with fault ${args.referenceFault}` : ''}` : session.url;
    out(`fuzz: seed ${args.seed}, budget ${args.budgetMs / 1000} s, up to ${args.maxCommands} commands per sequence, against ${label}\n`);
    let lastReport = performance.now();
    const r = await runFuzz(env, {
      ...base,
      seed: args.seed,
      path: args.path,
      replayPath: args.replayPath,
      runs: args.path ? 1 : args.runs,
      onProgress: (n) => {
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          out(`fuzz: ${n} sequences so far\n`);
        }
      },
    });
    if (!r.failure) {
      out(`fuzz: ${r.runs} sequences in ${(r.elapsedMs / 1000).toFixed(1)} s, no failure\n`);
      return { exitCode: 0 };
    }
    out(`fuzz: failure after ${r.runs} sequences (${((r.timeToDetectMs ?? 0) / 1000).toFixed(1)} s)\n`);
    const target = session.reference ? 'embedded reference' : session.url;
    const failure = { ...r.failure, message: redact(r.failure.message) };
    // The recorded steps always go to a file, so the failure replays whatever the commands become.
    const file = corpusDir ? await writeEntry(corpusDir, failure, target, args.referenceFault) : await writeFailure(failure, target, args.referenceFault);
    const replayFile = `npm run fuzz -- ${args.target ? `--target=${withoutUserinfo(args.target)} --control-token=[Filtered] ` : ''}${args.referenceFault ? `--reference-fault=${args.referenceFault} ` : ''}--replay=${relative(process.cwd(), file)}`;
    printFailure(r.failure, replayFile, redact, out);
    out(`  or, with this version of the commands: ${replayCommand(args, r.failure.seed, r.failure.path, r.failure.replayPath)}\n`);
    if (r.failure.stepsNote) out(`  note: ${r.failure.stepsNote}\n`);
    if (corpusDir) out(`  written to the corpus: ${relative(process.cwd(), file)}\n`);
    return { exitCode: 1, timeToDetectMs: r.timeToDetectMs, failure, replay: replayFile };
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(`cloudapi-fuzz: ${redact(e.message)}\n`);
    return { exitCode: 2 };
  } finally {
    await session?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  installShutdown();
  const { exitCode } = await fuzzMain(process.argv.slice(2));
  await exitWhenFlushed(exitCode);
}
