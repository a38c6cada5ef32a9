// What a conformance case is. One case per module under suites/<area>/, with a
// header a machine reads (id, title, the quoted clause, severity, required
// capabilities, the reference faults it must catch) and a short `run`.

import type { Capability } from './capabilities.ts';

export type Severity = 'MUST' | 'SHOULD';
export type Verdict = 'pass' | 'fail' | 'warn' | 'n/a' | 'error';

export const AREAS = ['GRAPH', 'HOOK', 'E2E', 'RET', 'LOC', 'VIS', 'INT', 'FUZZ'] as const;
export type Area = (typeof AREAS)[number];

export interface Clause {
  /** The promise or documented rule, quoted word for word. */
  readonly text: string;
  /** Where it is written, in a form a reader can open: docs/cloud-api-rules.md#how-clauses-cite-their-sources. */
  readonly source: string;
}

/**
 * A case's header and its `run`, over the context the assembly hands a case
 * (harness/run/define-case.ts binds it to the runner's CaseContext). Code that
 * reads only the header needs no context type and takes the default.
 */
export interface ConformanceCase<Context = unknown> {
  readonly id: string;
  readonly title: string;
  readonly clause: Clause;
  readonly severity: Severity;
  readonly requires: readonly Capability[];
  /** Names of reference faults (reference/faults/) this case must catch. */
  readonly faults: readonly string[];
  /** Runs before every other case (the regression corpus: old counterexamples first). */
  readonly first?: boolean;
  run(ctx: Context): Promise<void>;
}

// An optional upper-case sub-area groups cases: a capability (E2E-TLS-…) or the area fuzzed (FUZZ-GRAPH-…).
const ID_PATTERN = new RegExp(`^(${AREAS.join('|')})(-[A-Z][A-Z0-9]*)?-[a-z0-9]+(-[a-z0-9]+)*$`);

/** Validates a case's header when its module loads, so a bad header fails fast and says where. */
export function validateCase<Context>(c: ConformanceCase<Context>): ConformanceCase<Context> {
  const problems: string[] = [];
  if (!ID_PATTERN.test(c.id)) problems.push(`id must be AREA-behaviour (or AREA-SUB-behaviour) in kebab case (AREA one of ${AREAS.join(', ')})`);
  if (c.title.trim() === '') problems.push('title is empty');
  if (c.clause.text.trim() === '' || c.clause.source.trim() === '') problems.push('clause needs text and source');
  if (c.severity !== 'MUST' && c.severity !== 'SHOULD') problems.push('severity must be MUST or SHOULD');
  if (c.faults.length === 0) problems.push('a case must name at least one reference fault it catches');
  if (problems.length > 0) throw new Error(`case ${c.id}: ${problems.join('; ')}`);
  return Object.freeze(c);
}

export function areaOf(id: string): Area {
  return id.slice(0, id.indexOf('-')) as Area;
}

/**
 * Cases whose requirement is the Graph API's own behaviour (area GRAPH, and
 * FUZZ-GRAPH: "never a hang"): a Graph request they make that the target
 * does not answer within --request-timeout fails them. Elsewhere it is a
 * harness error: the case could not be judged.
 */
export function graphMustAnswer(c: Pick<ConformanceCase, 'id'>): boolean {
  return c.id.startsWith('GRAPH-') || c.id.startsWith('FUZZ-GRAPH-');
}
