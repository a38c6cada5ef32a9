// The certification summary: which conformance level a target reached
// (README "Conformance levels") and a digest over the results that anyone can
// recompute by re-running with the same seed against the same target.

import { AREAS, areaOf, type Severity, type Verdict } from '../core/case.ts';
import { CAPABILITIES, GRAPH_SURFACE } from '../core/capabilities.ts';
import type { Abort, CaseResult } from '../core/result.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';

export interface LevelDefinition {
  name: string;
  /** What reaching it means, one line. */
  meaning: string;
  /** Capabilities the target must declare; the level's cases are those requiring nothing else. */
  capabilities: readonly string[];
  /** Whether SHOULD cases in scope must pass too. */
  shouldsCount: boolean;
  /** Judged on its own, beside the cumulative ladder (the level for targets without a control plane). */
  standalone?: boolean;
}

/**
 * Graph, Messaging and Full are cumulative: each includes the one before.
 * Graph API and Mock stand beside them: a target with a control plane need
 * not serve every Graph endpoint to reach Graph, and a mock server has no
 * Signal. Documented in README.md.
 */
export const LEVELS: readonly LevelDefinition[] = [
  {
    name: 'Graph API',
    meaning: 'the Graph API alone, as a mock server, a gateway or a test number shows it: every case that needs only Graph calls with a business you provisioned',
    capabilities: [...GRAPH_SURFACE],
    shouldsCount: false,
    standalone: true,
  },
  {
    name: 'Mock',
    meaning: 'Graph API, plus the signed webhooks a consumer\'s messages and receipts cause, written through the simulation surface or an adapter: what a mock server or emulator can show without Signal',
    // Messages only, as most mocks serve: their media, registration and settings are judged by Graph API.
    capabilities: ['graph.messages', 'webhooks', 'simulate', 'consumer', 'control.provision', 'control.idle'],
    shouldsCount: false,
    standalone: true,
  },
  {
    name: 'Graph',
    meaning: 'a business sends through the Graph API and the consumer receives exactly that, end to end encrypted',
    capabilities: ['graph.messages', 'transport.signal', 'consumer', 'control.provision'],
    shouldsCount: false,
  },
  {
    name: 'Messaging',
    meaning: 'Graph, plus inbound messages and statuses delivered as signed webhooks',
    capabilities: ['graph.messages', 'transport.signal', 'consumer', 'control.provision', 'webhooks', 'control.idle'],
    shouldsCount: false,
  },
  {
    name: 'Full',
    meaning: 'every capability of protocol v0 declared and every case, MUST and SHOULD, passed',
    capabilities: [...CAPABILITIES],
    shouldsCount: true,
  },
];

export interface LevelResult {
  name: string;
  reached: boolean;
  /** Cases in the level's scope. */
  cases: number;
  /** Why not reached (empty when reached). */
  blockers: string[];
}

export interface AreaResult {
  area: string;
  pass: number;
  fail: number;
  warn: number;
  'n/a': number;
  error: number;
}

export interface Certification {
  suite: { name: string; version: string };
  protocol: string;
  target: { implementation: { name: string; version: string } | null; fault?: string; consumer?: string };
  capabilities: string[];
  seed: number;
  runs: number;
  areas: AreaResult[];
  levels: LevelResult[];
  /** The highest level reached, or "none". */
  level: string;
  digest: { algorithm: 'sha256'; over: string; value: string };
  /** The run stopped early: no level is reached. */
  aborted?: Abort;
  /** Without a control plane: the cases that could not be judged, and why. */
  graphOnly?: { notJudged: Array<{ id: string; reason: string }> };
}

export interface CertificationInput {
  suite: { name: string; version: string };
  protocol: string;
  target: { implementation: { name: string; version: string } | null; fault?: string; consumer?: string };
  capabilities: readonly string[];
  seed: number;
  runs: number;
  aborted?: Abort;
}

type Judged = Pick<CaseResult, 'id' | 'verdict' | 'severity' | 'requires'>;

/** A level's scope: every case whose `requires` are all among the level's capabilities. */
export function inLevelScope(def: LevelDefinition, c: { requires: readonly string[] }): boolean {
  return c.requires.every((r) => def.capabilities.includes(r));
}

export function judgeLevel(def: LevelDefinition, declared: ReadonlySet<string>, results: readonly Judged[]): LevelResult {
  const blockers: string[] = [];
  const missing = def.capabilities.filter((c) => !declared.has(c));
  if (missing.length) blockers.push(`does not declare ${missing.join(', ')}`);
  const scope = results.filter((r) => inLevelScope(def, r));
  if (scope.length === 0) blockers.push('no case in scope was run');
  for (const r of scope) {
    if (r.verdict === 'pass') continue;
    if (r.verdict === 'warn' && !def.shouldsCount) continue;
    const what: Record<Exclude<Verdict, 'pass'>, string> = {
      fail: 'failed',
      warn: 'SHOULD not met',
      error: 'could not be judged (error)',
      'n/a': 'not applicable',
    };
    blockers.push(`${r.id} ${what[r.verdict]}`);
  }
  return { name: def.name, reached: blockers.length === 0, cases: scope.length, blockers };
}

export function areaResults(results: readonly Pick<CaseResult, 'id' | 'verdict'>[]): AreaResult[] {
  const by = new Map<string, AreaResult>();
  for (const r of results) {
    const area = areaOf(r.id);
    let a = by.get(area);
    if (!a) by.set(area, (a = { area, pass: 0, fail: 0, warn: 0, 'n/a': 0, error: 0 }));
    a[r.verdict]++;
  }
  const order = (x: string) => {
    const i = (AREAS as readonly string[]).indexOf(x);
    return i < 0 ? AREAS.length : i;
  };
  return [...by.values()].sort((a, b) => order(a.area) - order(b.area) || a.area.localeCompare(b.area));
}

export const DIGEST_OVER =
  'canonical JSON (sorted keys, no whitespace) of {suite, protocol, implementation, fault, capabilities, seed, runs, cases: [{id, verdict, severity}] sorted by id}';

/**
 * The digest leaves out everything that differs between two honest runs of
 * the same seed against the same target: times, durations, paths, URLs, and
 * the messages, actual values and wire evidence, which carry ids and tokens
 * the harness and the target draw from crypto randomness.
 */
export function resultsDigest(input: CertificationInput, results: readonly Pick<CaseResult, 'id' | 'verdict' | 'severity'>[]): string {
  const cases: Array<{ id: string; verdict: Verdict; severity: Severity }> = results
    .map((r) => ({ id: r.id, verdict: r.verdict, severity: r.severity }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256Hex(
    canonicalJson({
      suite: input.suite,
      protocol: input.protocol,
      implementation: input.target.implementation,
      fault: input.target.fault ?? null,
      capabilities: [...input.capabilities].sort(),
      seed: input.seed,
      runs: input.runs,
      cases,
    }),
  );
}

export function certify(input: CertificationInput, results: readonly CaseResult[]): Certification {
  const declared = new Set(input.capabilities);
  const levels = LEVELS.map((d) => judgeLevel(d, declared, results));
  // A target that went away mid-run is not certified at any level, whichever cases it reached.
  if (input.aborted) {
    for (const l of levels) {
      l.blockers.unshift(`the run stopped at ${input.aborted.case}: ${input.aborted.reason}`);
      l.reached = false;
    }
  }
  // Cumulative: a level of the ladder counts only if every one below it was reached too;
  // the standalone level names the target only when no level of the ladder was reached.
  let level = 'none';
  for (const [i, l] of levels.entries()) {
    if (LEVELS[i]!.standalone) continue;
    if (!l.reached) break;
    level = l.name;
  }
  // Of the standalone levels the last reached: Mock says more than Graph API.
  if (level === 'none') level = levels.filter((l, i) => LEVELS[i]!.standalone && l.reached).at(-1)?.name ?? 'none';
  return {
    suite: input.suite,
    protocol: input.protocol,
    // Identity only: a URL is where the target ran, not what it is, and may hold a credential.
    target: { implementation: input.target.implementation, ...(input.target.fault ? { fault: input.target.fault } : {}), ...(input.target.consumer ? { consumer: input.target.consumer } : {}) },
    capabilities: [...input.capabilities].sort(),
    seed: input.seed,
    runs: input.runs,
    areas: areaResults(results),
    levels,
    level,
    digest: { algorithm: 'sha256', over: DIGEST_OVER, value: resultsDigest(input, results) },
    ...(input.aborted ? { aborted: input.aborted } : {}),
    ...(input.target.implementation === null ? { graphOnly: { notJudged: notJudged(results) } } : {}),
  };
}

/** The cases a run could not judge (n/a), with the reason each gave. */
export function notJudged(results: readonly Pick<CaseResult, 'id' | 'verdict' | 'message'>[]): Array<{ id: string; reason: string }> {
  return results.filter((r) => r.verdict === 'n/a').map((r) => ({ id: r.id, reason: r.message ?? 'not applicable' }));
}

export function certificationText(c: Certification): string {
  const impl = c.target.implementation ? `${c.target.implementation.name} ${c.target.implementation.version}` : 'Graph-only (no control plane)';
  const lines = [
    `certification: ${c.suite.name} ${c.suite.version}, protocol ${c.protocol}`,
    `  target:       ${impl}${c.target.fault ? ` (reference fault ${c.target.fault})` : ''}`,
    ...(c.target.consumer ? [`  consumers:    ${c.target.consumer}`] : []),
    `  capabilities: ${c.capabilities.join(', ') || 'none declared'}`,
    `  seed:         ${c.seed} (${c.runs} runs per property)`,
    '  areas:',
  ];
  for (const a of c.areas) lines.push(`    ${a.area.padEnd(6)} pass ${a.pass}  fail ${a.fail}  warn ${a.warn}  n/a ${a['n/a']}  error ${a.error}`);
  lines.push('  levels:');
  for (const l of c.levels) lines.push(`    ${l.reached ? 'reached' : 'not yet'} ${l.name.padEnd(10)} (${l.cases} cases)${l.blockers.length ? `: ${l.blockers.slice(0, 4).join('; ')}${l.blockers.length > 4 ? `; and ${l.blockers.length - 4} more` : ''}` : ''}`);
  if (c.aborted) lines.push(`  aborted:      at ${c.aborted.case}: ${c.aborted.reason}`);
  if (c.graphOnly && c.graphOnly.notJudged.length > 0) {
    const shown = c.graphOnly.notJudged.slice(0, 10);
    lines.push(`  not judged:   ${c.graphOnly.notJudged.length} case(s) need more than the Graph API (report.json lists every reason):`);
    for (const n of shown) lines.push(`    ${n.id}: ${n.reason}`);
    if (c.graphOnly.notJudged.length > shown.length) lines.push(`    and ${c.graphOnly.notJudged.length - shown.length} more`);
  }
  lines.push(`  level:        ${c.level}`);
  lines.push(`  digest:       sha256:${c.digest.value}`);
  return lines.join('\n') + '\n';
}
