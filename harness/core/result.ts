// A case's outcome as data: what the reports, the TAP stream and selfcheck read.

import type { Clause, ConformanceCase, Severity, Verdict } from './case.ts';
import type { Deviation } from './errors.ts';
import type { TargetStep } from './errors.ts';

/** One exchange of a case's wire log as a report shows it (harness/report/evidence.ts builds them). */
export interface EvidenceEntry {
  seq: number;
  channel: string;
  request: string;
  status?: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseBody?: string;
  error?: string;
}

export interface CaseResult {
  id: string;
  title: string;
  clause: Clause;
  severity: Severity;
  requires: readonly string[];
  faults: readonly string[];
  verdict: Verdict;
  /** Why n/a or error; the failure's message for fail/warn; for a pass, what it left out (optional). */
  message?: string;
  expected?: string;
  actual?: string;
  counterexample?: string;
  /**
   * Every deviation the verdict rests on: for fail, all those found in the
   * failing response (MUST and SHOULD) and then the SHOULDs met elsewhere in
   * the case; for warn, the SHOULDs. Distinct ones only, capped.
   */
  deviations?: Deviation[];
  /** Distinct deviations beyond the cap, not listed. */
  deviationsOmitted?: number;
  seed: number;
  path?: string;
  shrinks?: number;
  /** Kept only for cases that did not pass, to keep memory flat on long runs. */
  evidence?: EvidenceEntry[];
  replay?: string;
  /** For an `error` about one exchange with the target: that step (secrets filtered). */
  step?: TargetStep;
  durationMs: number;
}

/** Where and why a run stopped early; report.json carries it as `aborted`. */
export interface Abort {
  /** The case in flight when the run stopped. */
  case: string;
  /** One line, secrets filtered: what went wrong, naming the step. */
  reason: string;
  step?: TargetStep;
}

/** What every result of `c` carries, whatever its verdict: the case's header and the run's seed. */
export function resultHeader(c: ConformanceCase, seed: number): Pick<CaseResult, 'id' | 'title' | 'clause' | 'severity' | 'requires' | 'faults' | 'seed'> {
  return { id: c.id, title: c.title, clause: c.clause, severity: c.severity, requires: c.requires, faults: c.faults, seed };
}

export interface VerdictCounts {
  pass: number;
  fail: number;
  warn: number;
  'n/a': number;
  error: number;
}

export function countVerdicts(results: readonly CaseResult[]): VerdictCounts {
  const counts: VerdictCounts = { pass: 0, fail: 0, warn: 0, 'n/a': 0, error: 0 };
  for (const r of results) counts[r.verdict]++;
  return counts;
}

/** 0: every applicable MUST passed; 1: some failed; 2: the harness could not judge some case. */
export function exitCodeFor(results: readonly CaseResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.verdict === 'error')) return 2;
  if (results.some((r) => r.verdict === 'fail')) return 1;
  return 0;
}
