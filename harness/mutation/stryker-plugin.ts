// The Stryker test runner that judges a mutated reference by the conformance
// suite: a test is a case, a mutant is killed when a case covering it does
// not pass against a reference started with the mutant switched on.
//
// Stryker loads this module in its main process (to learn the plugin) and in
// every worker, whose working directory is the sandbox. The harness itself is
// imported from the sandbox only, in `init`: its reference-process.ts then
// starts the sandbox's instrumented reference/main.ts, not the original.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import type { Logger } from '@stryker-mutator/api/logging';
import type { StrykerOptions } from '@stryker-mutator/api/core';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import {
  DryRunStatus,
  MutantRunStatus,
  TestStatus,
  type DryRunOptions,
  type DryRunResult,
  type MutantRunOptions,
  type MutantRunResult,
  type TestResult,
  type TestRunner,
  type TestRunnerCapabilities,
} from '@stryker-mutator/api/test-runner';
import type * as CaseRunner from './case-runner.ts';
import { dryRunTest, mutantRunResult } from './verdicts.ts';
import { DEFAULT_RUNNER_OPTIONS, RUNNER_OPTIONS_SCHEMA, TEST_RUNNER_NAME, type ConformanceRunnerOptions } from './options.ts';

/** Left of Stryker's own timeout, so this runner reports the timeout itself and Stryker need not restart the worker. */
const TIMEOUT_MARGIN_MS = 2_000;

export class ConformanceTestRunner implements TestRunner {
  static inject = tokens(commonTokens.logger, commonTokens.options);
  readonly #log: Logger;
  readonly #settings: ConformanceRunnerOptions;
  #runner: typeof CaseRunner | undefined;
  #cases: CaseRunner.LoadedCase[] = [];

  constructor(log: Logger, options: StrykerOptions) {
    this.#log = log;
    this.#settings = { ...DEFAULT_RUNNER_OPTIONS, ...((options as { conformance?: Partial<ConformanceRunnerOptions> }).conformance ?? {}) };
  }

  capabilities(): TestRunnerCapabilities {
    // Every run starts a fresh reference, so a mutant active while the reference loads (a static one) is too.
    return { reloadEnvironment: true };
  }

  async init(): Promise<void> {
    const root = process.cwd();
    const runner = (await import(pathToFileURL(join(root, 'harness/mutation/case-runner.ts')).href)) as typeof CaseRunner;
    if (realpathSync(runner.PROJECT_ROOT) !== realpathSync(root)) {
      throw new Error(`the harness was loaded from ${runner.PROJECT_ROOT}, not from the sandbox ${root}: the reference under test would not be the mutated one`);
    }
    this.#runner = runner;
    this.#cases = await runner.loadCasesWithFiles();
    this.#log.debug(`${this.#cases.length} conformance cases loaded from ${root}`);
  }

  get #loaded(): typeof CaseRunner {
    if (!this.#runner) throw new Error('the conformance test runner was used before init');
    return this.#runner;
  }

  async dryRun(options: DryRunOptions): Promise<DryRunResult> {
    const runner = this.#loaded;
    const started = Date.now();
    const left = () => options.timeout - (Date.now() - started);
    const common = { seed: this.#settings.seed, runs: this.#settings.runs, bail: false };
    const tests: TestResult[] = [];
    const perTest: Record<string, CaseRunner.MutantHits> = {};
    const test = (l: CaseRunner.LoadedCase, r: { verdict: string; message?: string }, timeSpentMs: number): TestResult => {
      const result = dryRunTest(l, r, timeSpentMs);
      if (result.status === TestStatus.Skipped) this.#log.warn(`${l.c.id} is ${r.verdict} against the unmutated reference (${r.message ?? 'no message'}); it is skipped for every mutant`);
      return result;
    };

    if (options.coverageAnalysis === 'off') {
      const run = await runner.runSession(this.#cases.map((l) => l.c), { ...common, deadlineMs: left() });
      if (run.timedOut) return { status: DryRunStatus.Timeout };
      if (run.startError) return { status: DryRunStatus.Error, errorMessage: `the unmutated reference did not start: ${run.startError}` };
      for (const [i, r] of run.results.entries()) tests.push(test(this.#cases[i]!, r, r.durationMs));
      return { status: DryRunStatus.Complete, tests };
    }

    // One reference per case: what a case executes on a fresh reference is what it executes in a mutant's run.
    for (const l of this.#cases) {
      const t0 = Date.now();
      const run = await runner.runSession([l.c], { ...common, deadlineMs: left() });
      if (run.timedOut) return { status: DryRunStatus.Timeout, reason: `the dry run reached its timeout at ${l.c.id}` };
      if (run.startError) return { status: DryRunStatus.Error, errorMessage: `the unmutated reference did not start: ${run.startError}` };
      const r = run.results[0];
      if (!r) return { status: DryRunStatus.Error, errorMessage: `${l.c.id} gave no result` };
      const result = test(l, r, Date.now() - t0);
      tests.push(result);
      if (result.status === TestStatus.Success) perTest[l.c.id] = run.coverage;
    }
    return { status: DryRunStatus.Complete, tests, mutantCoverage: { static: {}, perTest } };
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const runner = this.#loaded;
    const wanted = options.testFilter ? new Set(options.testFilter) : undefined;
    const cases = this.#cases.filter((l) => !wanted || wanted.has(l.c.id)).map((l) => l.c);
    if (cases.length === 0) return { status: MutantRunStatus.Survived, nrOfTests: 0 };
    const run = await runner.runSession(cases, {
      seed: this.#settings.seed,
      runs: this.#settings.runs,
      bail: !options.disableBail,
      deadlineMs: Math.max(1_000, options.timeout - TIMEOUT_MARGIN_MS),
      activeMutant: options.activeMutant.id,
      ...(options.hitLimit !== undefined ? { hitLimit: options.hitLimit } : {}),
    });
    return mutantRunResult(run, cases.map((c) => c.id), options.timeout, options.hitLimit);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, TEST_RUNNER_NAME, ConformanceTestRunner)];
export const strykerValidationSchema = RUNNER_OPTIONS_SCHEMA;
