// The TAP 14 stream: one test point per case as it finishes, diagnostics in
// YAML for every case that did not pass, and the summary at the end.

import type { Abort, CaseResult, VerdictCounts } from '../core/result.ts';
import type { Expectation, ExpectationSummary } from './expectations.ts';
import { describeStep } from '../core/errors.ts';

export interface PointExtras {
  /** Where index.html shows this case (index.html#case=ID). */
  html?: string;
  expectation?: Expectation;
  /** The baseline's note beside this case. */
  reason?: string;
  /** A case the run never reached after it stopped: its message is all there is to say. */
  notRun?: boolean;
}

const q = (s: string): string => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

function diagnostics(r: CaseResult, x: PointExtras = {}): string[] {
  const lines = ['  ---', `  verdict: ${q(r.verdict)}`, `  severity: ${r.severity}`, `  requirement: ${q(r.clause.text)}`, `  source: ${q(r.clause.source)}`];
  if (r.message) lines.push(`  message: ${q(r.message)}`);
  if (r.step) lines.push(`  step: ${q(describeStep(r.step))}`);
  if (r.expected !== undefined) lines.push(`  expected: ${q(r.expected)}`);
  if (r.actual !== undefined) lines.push(`  actual: ${q(r.actual)}`);
  if (r.counterexample !== undefined) lines.push(`  counterexample: ${q(r.counterexample)}`);
  if (r.deviations?.length) {
    lines.push('  deviations:');
    for (const d of r.deviations) lines.push(`    - ${q(`${d.level}: ${d.message} (expected ${d.expected}; got ${d.actual})`)}`);
    if (r.deviationsOmitted) lines.push(`    - ${q(`(${r.deviationsOmitted} more not listed)`)}`);
  }
  if (r.evidence?.length) {
    lines.push('  wire:');
    for (const e of r.evidence.slice(-12)) lines.push(`    - ${q(`#${e.seq} [${e.channel}] ${e.request} -> ${e.status ?? e.error ?? '?'}`)}`);
    if (r.evidence.length > 12) lines.push(`    - ${q(`(${r.evidence.length - 12} earlier exchanges in report.json)`)}`);
  }
  if (r.replay) lines.push(`  replay: ${q(r.replay)}`);
  if (x.expectation && x.expectation !== 'pass') lines.push(`  expectation: ${q(x.expectation)}`);
  if (x.html) lines.push(`  html: ${q(x.html)}`);
  lines.push('  ...');
  return lines;
}

export function tapHeader(description: string): string {
  return `TAP version 14\n# ${description}\n`;
}

export function tapPoint(n: number, r: CaseResult, x: PointExtras = {}): string {
  const name = `${r.id} - ${r.title}`;
  if (x.notRun) return `not ok ${n} - ${name}\n  ---\n  verdict: ${q(r.verdict)}\n  message: ${q(r.message ?? 'not run')}\n  ...\n`;
  // A baseline turns a known failure into TODO and a pass it did not expect into a failure.
  if (x.expectation === 'expected-fail') {
    const why = x.reason ? `: ${x.reason.replace(/[#\n]/g, ' ')}` : '';
    return `not ok ${n} - ${name} # TODO expected ${r.verdict} (baseline${why})\n${diagnostics(r, x).join('\n')}\n`;
  }
  if (x.expectation === 'unexpected-pass') {
    return `not ok ${n} - ${name}\n  ---\n  verdict: "pass"\n  expectation: "unexpected-pass"\n  message: "the baseline lists this case as failing, and it passed: remove it from the baseline"\n  ...\n`;
  }
  switch (r.verdict) {
    case 'pass':
      // What a pass left out, as TAP comment lines (no diagnostics block: it did not fail).
      return `ok ${n} - ${name}\n${r.message ? r.message.split('\n').map((l) => `# ${r.id}: ${l}\n`).join('') : ''}`;
    case 'n/a':
      return `ok ${n} - ${name} # SKIP n/a: ${r.message ?? ''}\n`;
    case 'warn':
      // A SHOULD not met: visible, but not a failure of the run.
      return `not ok ${n} - ${name} # TODO warn: SHOULD not met\n${diagnostics(r, x).join('\n')}\n`;
    default:
      return `not ok ${n} - ${name}\n${diagnostics(r, x).join('\n')}\n`;
  }
}

/** "3 case(s) judged before it, 40 not run". */
export function abortedCounts(a: Abort, results: readonly CaseResult[]): string {
  const at = results.findIndex((r) => r.id === a.case);
  const notRun = results.slice(at + 1).filter((r) => r.verdict === 'error').length;
  return `${at} case(s) judged before it, ${notRun} not run`;
}

/** The summary's lines about a run that stopped early (printed as comments). */
export function abortedText(a: Abort, results: readonly CaseResult[]): string {
  return `aborted: the run stopped at ${a.case}: ${a.reason}\naborted: ${abortedCounts(a, results)}\n`;
}

export interface SummaryExtras {
  html?: string;
  junit?: string;
  expectations?: ExpectationSummary;
  /** Lines printed as comments before the closing line (the certification summary). */
  notes?: string;
}

export function tapSummary(total: number, c: VerdictCounts, reportPath: string | undefined, x: SummaryExtras = {}): string {
  const lines = [`1..${total}`, `# pass ${c.pass}`, `# fail ${c.fail}`, `# warn ${c.warn}`, `# n/a ${c['n/a']}`, `# error ${c.error}`];
  if (x.expectations) {
    const e = x.expectations;
    lines.push(`# baseline ${e.baseline}: ${e.expectedFailures.length} expected failure(s), ${e.unexpectedFailures.length} unexpected failure(s), ${e.unexpectedPasses.length} unexpected pass(es)`);
    for (const id of e.unexpectedFailures) lines.push(`#   unexpected failure: ${id}`);
    for (const id of e.unexpectedPasses) lines.push(`#   unexpected pass: ${id} (remove it from the baseline)`);
    for (const id of e.notRun) lines.push(`#   listed but not applicable: ${id}`);
  }
  if (x.notes) for (const l of x.notes.trimEnd().split('\n')) lines.push(`# ${l}`);
  if (reportPath) lines.push(`# report: ${reportPath}`);
  if (x.html) lines.push(`# html: ${x.html}`);
  if (x.junit) lines.push(`# junit: ${x.junit}`);
  // The closing line CI systems read: warn counts as passed (TODO), n/a as skipped, error as failed.
  lines.push(`conformance: ${c.pass + c.warn} passed, ${c.fail + c.error} failed, ${c['n/a']} skipped`);
  return lines.join('\n') + '\n';
}
