// What the mutation CLI, the Stryker test runner and the reference's coverage
// hook agree on: the runner's options in Stryker's config, the environment
// variables the reference reads, and where the reports go.

import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';

/** The test runner's name in Stryker's `testRunner` option. */
export const TEST_RUNNER_NAME = 'cloudapi-conformance';

/** Its options, under `conformance` in Stryker's config. */
export interface ConformanceRunnerOptions {
  /** Inputs per property case: low, each mutant runs the cases covering it. */
  runs: number;
  /** One fast-check seed for the dry run and every mutant, so a kill is the mutant's doing, not the inputs'. */
  seed: number;
}

export const DEFAULT_RUNNER_OPTIONS: ConformanceRunnerOptions = { runs: 3, seed: 1 };

/** Stryker validates its config against JSON schemas; this one admits `conformance`. */
export const RUNNER_OPTIONS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: {
    conformance: {
      description: 'Options of the cloudapi-conformance test runner (harness/mutation/).',
      type: 'object',
      additionalProperties: false,
      properties: {
        runs: { type: 'integer', minimum: 1, default: DEFAULT_RUNNER_OPTIONS.runs, description: 'inputs per property case' },
        seed: { type: 'integer', minimum: 0, default: DEFAULT_RUNNER_OPTIONS.seed, description: 'fast-check seed of every run' },
      },
      default: {},
    },
  },
} as const;

/** Environment of a reference started during a mutation run (coverage-hook.mjs reads the last two). */
export const MUTATION_ENV = {
  /** Stryker's mutant switch: the instrumented code reads it when it loads. */
  activeMutant: INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE,
  coverageDir: 'CLOUDAPI_MUTATION_COVERAGE_DIR',
  hitLimit: 'CLOUDAPI_MUTATION_HIT_LIMIT',
} as const;

/** Where Stryker's reports, its incremental file and our score table go (relative to the project root). */
export const MUTATION_REPORTS = {
  dir: 'reports/mutation',
  json: 'reports/mutation/mutation.json',
  html: 'reports/mutation/mutation.html',
  incremental: 'reports/mutation/stryker-incremental.json',
  scores: 'reports/mutation/scores.md',
  summary: 'reports/mutation/summary.json',
} as const;
