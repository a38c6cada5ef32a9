// A fuzz run: fast-check model-based runs of generated command sequences
// against the target, each on a freshly reset target, invariants checked after
// every step. The search stops at the first failure within the time budget;
// that failure is then shrunk from its seed and path without the budget.

import fc from 'fast-check';
import { CaseFailure, HarnessError } from '../core/errors.ts';
import type { RunEnvironment } from '../core/environment.ts';
import { WireLog } from '../core/wire-log.ts';
import { World } from '../core/world.ts';
import { canary } from '../../generators/canary.ts';
import { commandArbitraries } from './commands/index.ts';
import { BUSINESSES, CONSUMERS, emptyModel, type FuzzModel, type FuzzReal } from './model.ts';
import { toEvidence, type EvidenceEntry } from '../report/evidence.ts';

export interface FuzzOptions {
  seed: number;
  /** Stop searching after this long (ms). */
  budgetMs: number;
  /** At most this many command sequences. */
  runs: number;
  maxCommands: number;
  /** Replay exactly this path (from a failure or a corpus entry). */
  path?: string;
  /** fc.commands' own replay path, which a replay of `path` needs too. */
  replayPath?: string;
  /** Cap on shrinking time (ms). */
  shrinkBudgetMs: number;
  onProgress?: (runs: number) => void;
}

export interface FuzzFailure {
  message: string;
  expected?: string;
  actual?: string;
  /** The shrunk command sequence, readable. */
  commands: string;
  seed: number;
  path: string;
  replayPath?: string;
  evidence: EvidenceEntry[];
}

export interface FuzzOutcome {
  runs: number;
  elapsedMs: number;
  /** ms from the start until the first failing sequence ran. */
  timeToDetectMs?: number;
  failure?: FuzzFailure;
}

function property(env: RunEnvironment, options: FuzzOptions, replayPath: string | undefined, onRun: () => void) {
  const commands = fc.commands(commandArbitraries(env.declared), { maxCommands: options.maxCommands, replayPath });
  return fc.asyncProperty(fc.scheduler(), commands, canary(), async (scheduler, cmds, token) => {
    onRun();
    env.logs.current = new WireLog();
    const world = await World.open(env);
    const businesses = [];
    for (let i = 0; i < BUSINESSES; i++) businesses.push(await world.business());
    const consumers = [];
    for (let i = 0; i < CONSUMERS; i++) consumers.push(await world.consumer());
    const real: FuzzReal = { world, businesses, consumers, scheduler, canary: token };
    const model: FuzzModel = emptyModel(world.clock.ms);
    await fc.asyncModelRun(() => ({ model, real }), cmds);
  });
}

// fc.commands prints its replay path inside the counterexample, as a replayPath="…" comment.
function replayPathOf(details: fc.RunDetails<unknown>): string | undefined {
  const cmds = (details.counterexample as unknown[] | null)?.[1];
  return cmds ? /replayPath="([^"]*)"/.exec(String(cmds))?.[1] : undefined;
}

/** fast-check throws (not fails) when a recorded path no longer fits the commands: say so plainly. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function checkOrExplain(p: fc.IAsyncPropertyWithHooks<any>, params: fc.Parameters<any>): Promise<fc.RunDetails<unknown>> {
  try {
    return (await fc.check(p, params)) as fc.RunDetails<unknown>;
  } catch (e) {
    if (params.path === undefined) throw e;
    throw new HarnessError('HARNESS_BAD_ARGUMENT', `Cannot replay path ${params.path}: ${(e as Error).message} (was it recorded by another version of the fuzzer's commands?)`);
  }
}

function describe(cause: unknown): Pick<FuzzFailure, 'message' | 'expected' | 'actual'> {
  if (cause instanceof CaseFailure) return { message: cause.message, expected: cause.expected, actual: cause.actual };
  return { message: cause instanceof Error ? cause.message : String(cause) };
}

export async function runFuzz(env: RunEnvironment, options: FuzzOptions): Promise<FuzzOutcome> {
  const started = performance.now();
  let runs = 0;
  const search = await checkOrExplain(
    property(env, options, options.replayPath, () => {
      runs++;
      options.onProgress?.(runs);
    }),
    {
      seed: options.seed,
      numRuns: options.runs,
      path: options.path,
      endOnFailure: true,
      // The option, not the 4.10 plugin: the plugin's timer outlives a run that ends early and keeps the process alive.
      interruptAfterTimeLimit: options.budgetMs,
    },
  );
  const detectedMs = performance.now() - started;
  if (!search.failed) return { runs, elapsedMs: detectedMs };
  if (search.errorInstance instanceof HarnessError) throw search.errorInstance;

  // Shrink from where the search failed, with its own time cap. The search's
  // path has no shrink steps yet, so it replays without fc.commands' replayPath.
  let final: fc.RunDetails<unknown> = search;
  let shrinkNote = '';
  try {
    const shrunk = await fc.check(property(env, options, undefined, () => {}), {
      seed: search.seed,
      path: search.counterexamplePath ?? undefined,
      interruptAfterTimeLimit: options.shrinkBudgetMs,
    });
    if (shrunk.failed) final = shrunk as fc.RunDetails<unknown>;
  } catch (e) {
    // A target whose behaviour is not a function of the inputs (timing) cannot always be shrunk.
    shrinkNote = ` (shrinking stopped: ${(e as Error).message})`;
  }
  if (final.errorInstance instanceof HarnessError) throw final.errorInstance;
  const [scheduler, cmds] = (final.counterexample ?? []) as [fc.Scheduler, Iterable<unknown>] | [];

  // Replay the shrunk sequence once more so the evidence is its own.
  const path = final.counterexamplePath ?? '';
  const replayPath = replayPathOf(final);
  let cause: unknown = final.errorInstance;
  env.logs.current = new WireLog();
  try {
    const replay = await fc.check(property(env, options, replayPath, () => {}), { seed: final.seed, path, numRuns: 1 });
    if (replay.failed) cause = replay.errorInstance;
  } catch {
    // The evidence of the last failing run is what we keep.
  }
  if (cause instanceof HarnessError) throw cause;
  const evidence = toEvidence(env.logs.current.all(), env.secrets);

  return {
    runs,
    elapsedMs: performance.now() - started,
    timeToDetectMs: detectedMs,
    failure: {
      ...describe(cause),
      replayPath,
      commands: `${cmds ? [...cmds].map(String).join(', ') : '?'}${scheduler ? `; scheduler: ${String(scheduler).replace(/\s+/g, ' ').slice(0, 600)}` : ''}${shrinkNote}`,
      seed: final.seed,
      path,
      evidence,
    },
  };
}
