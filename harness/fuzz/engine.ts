// A fuzz run: fast-check model-based runs of generated command sequences
// against the target, each on a freshly reset target, invariants checked after
// every step. The search stops at the first failure within the time budget;
// that failure is then shrunk from its seed and path without the budget.

import fc from 'fast-check';
import { CaseFailure, HarnessError } from '../core/errors.ts';
import type { RunEnvironment } from '../run/environment.ts';
import { WireLog } from '../core/wire-log.ts';
import { World } from '../run/world.ts';
import { canary } from '../../generators/canary.ts';
import { closingCommand, commandArbitraries } from './commands/index.ts';
import { weighted } from './commands/weights.ts';
import { commandFromData, stepRequires } from './commands/registry.ts';
import { STEP_REQUIRES } from './commands/requires.ts';
import { CAPABILITIES, missingCapabilities, type Capability } from '../core/capabilities.ts';
import type { CommandData, DataCommand } from './command-data.ts';
import { BUSINESSES, CONSUMERS, emptyModel, type FuzzModel, type FuzzReal } from './model.ts';
import { toEvidence } from '../report/evidence.ts';
import { type EvidenceEntry } from '../core/result.ts';
import { seededDigits } from '../core/random.ts';
import { WIRING_REQUIRES, wiringFor, wiringsFor, type FuzzWiring } from './wiring.ts';

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

/** A failing sequence as data: what the corpus stores and `replaySteps` runs again. */
export interface RecordedRun {
  /** The commands that ran, in order. */
  steps: CommandData[];
  /** The order in which the scheduler let concurrent tasks start (fast-check task ids). */
  schedule: number[];
  /** The content canary the run planted; it also seeds the world's numbers and ids. */
  canary: string;
  /** How the target was wired (absent in older corpus entries: plain). */
  wiring?: FuzzWiring;
}

export interface FuzzFailure extends RecordedRun {
  message: string;
  expected?: string;
  actual?: string;
  /** The shrunk command sequence, readable. */
  commands: string;
  seed: number;
  path: string;
  replayPath?: string;
  /** Set when the recorded steps, replayed on their own, did not fail again (a timing-dependent target). */
  stepsNote?: string;
  evidence: EvidenceEntry[];
}

export interface FuzzOutcome {
  runs: number;
  elapsedMs: number;
  /** ms from the start until the first failing sequence ran. */
  timeToDetectMs?: number;
  failure?: FuzzFailure;
}

/** A fresh world for one sequence: the target reset, its businesses and consumers. */
async function openReal(env: RunEnvironment, scheduler: fc.Scheduler, token: string, wiring: FuzzWiring): Promise<{ model: FuzzModel; real: FuzzReal }> {
  env.logs.current = new WireLog();
  // Numbers from the canary, which the corpus records: a replay provisions the same ones.
  const world = await World.open(env, { digits: seededDigits(token), wiring: await wiringFor(env, wiring) });
  const businesses = [];
  for (let i = 0; i < BUSINESSES; i++) businesses.push(await world.business());
  const consumers = [];
  for (let i = 0; i < CONSUMERS; i++) consumers.push(await world.signalConsumer());
  // Provisioned last, so the others keep their webhook keys (b1, b2) whatever the target declares.
  const unverified = env.declared.has('webhooks.verification') ? await world.business({ verification: 'wrong-challenge' }) : undefined;
  return { model: emptyModel(world.clock.ms, wiring === 'tls-production'), real: { world, businesses, consumers, scheduler, canary: token, unverified } };
}

/** The scheduler's choices so far, as the ordering `fc.schedulerFor` replays. */
function scheduleOf(scheduler: fc.Scheduler): number[] {
  return scheduler.report().filter((t) => t.status !== 'pending').map((t) => t.taskId);
}

/** Records each command as data when it runs (fast-check skips those whose check fails). */
class Traced implements fc.AsyncCommand<FuzzModel, FuzzReal> {
  constructor(
    readonly inner: DataCommand,
    readonly trace: { steps: CommandData[] },
  ) {}
  check(m: Readonly<FuzzModel>): boolean {
    return this.inner.check(m);
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    this.trace.steps.push(this.inner.toData());
    await this.inner.run(m, r);
  }
  toString(): string {
    return this.inner.toString();
  }
}

function property(env: RunEnvironment, options: FuzzOptions, replayPath: string | undefined, onRun: () => void, record?: (run: RecordedRun) => void) {
  const trace = { steps: [] as CommandData[] };
  const closing = closingCommand(env.declared);
  const alphabet = weighted(commandArbitraries(env.declared)).map((c) => new Traced(c, trace), (v) => (v as Traced).inner);
  // Lengths spread up to maxCommands ('small' kept most sequences under 6 steps): faults that need
  // four steps in order on one pair (a window opened, closed, a template, a send) want long ones.
  const commands = fc.commands([alphabet], { maxCommands: options.maxCommands, size: 'medium', replayPath });
  // Mostly plain: a TLS run costs handshakes, and most commands mean the same over either.
  const wirings = wiringsFor(env.declared);
  const wiringArb: fc.Arbitrary<FuzzWiring> =
    wirings.length === 1 ? fc.constant('plain') : fc.oneof({ arbitrary: fc.constant('plain' as const), weight: 3 }, { arbitrary: fc.constant('tls-production' as const), weight: 1 });
  return fc.asyncProperty(fc.scheduler(), commands, canary(), wiringArb, async (scheduler, cmds, token, wiring) => {
    onRun();
    trace.steps = [];
    const { model, real } = await openReal(env, scheduler, token, wiring);
    try {
      await fc.asyncModelRun(() => ({ model, real }), cmds);
      if (closing?.check(model)) await new Traced(closing, trace).run(model, real);
    } catch (e) {
      // Only a failing run is worth keeping: shrinking also runs candidates that pass.
      record?.({ steps: trace.steps, schedule: scheduleOf(scheduler), canary: token, wiring });
      throw e;
    }
  });
}

/**
 * Runs recorded steps on a fresh world, as the corpus stores them, with the
 * recorded interleaving. A step whose precondition does not hold is skipped,
 * as fast-check does. Resolves to the failure, or undefined when all held.
 */
export async function replaySteps(env: RunEnvironment, run: RecordedRun, where = 'replay'): Promise<{ cause: unknown } | undefined> {
  const commands = run.steps.map((s, i) => commandFromData(s, `${where}: step ${i + 1}`));
  // A step the fuzzer would never have drawn for this target proves nothing about it: callers skip such runs.
  const missing = replayMissing(run, env.declared, where);
  if (missing.length > 0) throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where} needs ${missing.join(', ')}, which the target does not declare`);
  const { model, real } = await openReal(env, fc.schedulerFor(run.schedule), run.canary, run.wiring ?? 'plain');
  try {
    for (const cmd of commands) {
      if (cmd.check(model)) await cmd.run(model, real);
    }
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    return { cause: e };
  }
  return undefined;
}

/**
 * What replaying recorded steps needs the target to declare: what every step
 * needs (the world openReal opens, the invariants after each step), what its
 * wiring needs, and what each step needs (the table the fuzzer draws commands
 * by). replaySteps runs nothing else: the closing retention check of a fuzz
 * run is recorded as a step and needs what that step needs.
 */
export function replayRequires(run: Pick<RecordedRun, 'steps' | 'wiring'>, where = 'replay'): Capability[] {
  const needs = new Set<Capability>([...STEP_REQUIRES, ...WIRING_REQUIRES[run.wiring ?? 'plain']]);
  run.steps.forEach((s, i) => stepRequires(s, `${where}: step ${i + 1}`).forEach((c) => needs.add(c)));
  // In protocol order, so a message names them the same way whatever the steps' order.
  return CAPABILITIES.filter((c) => needs.has(c));
}

/** The capabilities a replay needs that `declared` lacks (empty: it applies). */
export function replayMissing(run: Pick<RecordedRun, 'steps' | 'wiring'>, declared: ReadonlySet<string>, where = 'replay'): Capability[] {
  return missingCapabilities(replayRequires(run, where), declared);
}

/** The readable form of recorded steps. */
export function describeSteps(steps: CommandData[], where = 'steps'): string {
  return steps.map((s, i) => commandFromData(s, `${where}: step ${i + 1}`).toString()).join(', ');
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
  // Replay the shrunk sequence once more, recording its steps as data.
  const path = final.counterexamplePath ?? '';
  const replayPath = replayPathOf(final);
  let cause: unknown = final.errorInstance;
  let recorded: RecordedRun | undefined;
  try {
    const replay = await fc.check(property(env, options, replayPath, () => {}, (r) => (recorded = r)), { seed: final.seed, path, numRuns: 1, endOnFailure: true });
    if (replay.failed) cause = replay.errorInstance;
  } catch {
    // The evidence of the last failing run is what we keep.
  }
  if (cause instanceof HarnessError) throw cause;
  let evidence = toEvidence(env.logs.current.all(), env.secrets);
  recorded ??= { steps: [], schedule: [], canary: '' };

  // The steps alone must fail too: that is what the corpus and --replay run.
  let stepsNote: string | undefined;
  const again = await replaySteps(env, recorded);
  if (again) {
    cause = again.cause;
    evidence = toEvidence(env.logs.current.all(), env.secrets);
  } else {
    stepsNote = 'the recorded steps passed when replayed on their own (timing-dependent?)';
  }

  return {
    runs,
    elapsedMs: performance.now() - started,
    timeToDetectMs: detectedMs,
    failure: {
      ...describe(cause),
      ...recorded,
      replayPath,
      commands: `${describeSteps(recorded.steps)}${recorded.schedule.length ? `; schedule: ${recorded.schedule.join(',')}` : ''}${recorded.wiring && recorded.wiring !== 'plain' ? `; wiring: ${recorded.wiring}` : ''}${shrinkNote}`,
      seed: final.seed,
      path,
      stepsNote,
      evidence,
    },
  };
}
