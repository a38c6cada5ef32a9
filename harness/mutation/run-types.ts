// The shapes the Stryker test runner (in Stryker's worker) and the case runner
// (imported from the sandbox) exchange. Types only: the runner's own module
// must load nothing of the harness outside the sandbox.

import type { ConformanceCase } from '../core/case.ts';
import type { CaseResult } from '../core/result.ts';

/** A case and the file that defines it (Stryker's incremental mode re-tests mutants whose covering case files changed). */
export interface LoadedCase {
  c: ConformanceCase;
  file: string;
}

/** Mutant id → times executed, as Stryker's instrumentation counts them. */
export type MutantHits = Record<string, number>;

export interface SessionRun {
  /** One per case run, in order; a bailed run stops at the first that did not pass. */
  results: CaseResult[];
  /** Mutants the reference executed during the session. */
  coverage: MutantHits;
  /** The reference threw Stryker's hit limit: the mutant loops. */
  hitLimitReached: boolean;
  /** The deadline passed: the reference was killed and the cases left unrun. */
  timedOut: boolean;
  /** The reference (or the harness around it) could not start: the mutant broke its start. */
  startError?: string;
}

export interface SessionOptions {
  seed: number;
  runs: number;
  /** Stop at the first case that does not pass. */
  bail: boolean;
  /** Give up on the session after this long (a hung mutant). */
  deadlineMs: number;
  /** Stryker's mutant id to switch on in the reference; none for the dry run. */
  activeMutant?: string;
  hitLimit?: number;
}
