// The shape of one run's report: what report.json holds (schema: report.schema.json
// beside this file) and what the JUnit and HTML writers read. Types only, so
// every writer can depend on it without depending on another writer.

import type { Abort, CaseResult, VerdictCounts } from '../core/result.ts';
import type { AreaResult, Certification } from './certification.ts';
import type { Expectation, ExpectationSummary } from './expectations.ts';
import type { ConsumerPath } from '../parties/consumer-party.ts';

export interface RunInfo {
  suite: { name: string; version: string };
  protocol: string;
  target: { url: string; implementation: { name: string; version: string } | null; embedded: boolean; fault?: string; consumer?: ConsumerPath | 'none' };
  capabilities: string[];
  seed: number;
  runs: number;
  /** The --case globs, when the run was a selection rather than the whole suite. */
  selection?: string;
  /** `i/n` when this report is one shard of a run. */
  shard?: string;
  startedAt: string;
  finishedAt: string;
  /** Present when the run stopped early: the case in flight and why; the cases after it are `error` "not run". */
  aborted?: Abort;
}

export type ReportCase = CaseResult & { expectation?: Expectation };

export interface Report extends RunInfo {
  schema: string;
  counts: VerdictCounts;
  areas: AreaResult[];
  digest: { algorithm: 'sha256'; over: string; value: string };
  expectations?: ExpectationSummary;
  certification?: Certification;
  cases: ReportCase[];
}
