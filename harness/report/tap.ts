// The TAP 14 stream: one test point per case as it finishes, diagnostics in
// YAML for every case that did not pass, and the summary at the end.

import type { CaseResult, VerdictCounts } from '../core/result.ts';

const q = (s: string): string => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

function diagnostics(r: CaseResult): string[] {
  const lines = ['  ---', `  verdict: ${q(r.verdict)}`, `  severity: ${r.severity}`, `  requirement: ${q(r.clause.text)}`, `  source: ${q(r.clause.source)}`];
  if (r.message) lines.push(`  message: ${q(r.message)}`);
  if (r.expected !== undefined) lines.push(`  expected: ${q(r.expected)}`);
  if (r.actual !== undefined) lines.push(`  actual: ${q(r.actual)}`);
  if (r.counterexample !== undefined) lines.push(`  counterexample: ${q(r.counterexample)}`);
  if (r.evidence?.length) {
    lines.push('  wire:');
    for (const e of r.evidence.slice(-12)) lines.push(`    - ${q(`#${e.seq} [${e.channel}] ${e.request} -> ${e.status ?? e.error ?? '?'}`)}`);
    if (r.evidence.length > 12) lines.push(`    - ${q(`(${r.evidence.length - 12} earlier exchanges in report.json)`)}`);
  }
  if (r.replay) lines.push(`  replay: ${q(r.replay)}`);
  lines.push('  ...');
  return lines;
}

export function tapHeader(description: string): string {
  return `TAP version 14\n# ${description}\n`;
}

export function tapPoint(n: number, r: CaseResult): string {
  const name = `${r.id} - ${r.title}`;
  switch (r.verdict) {
    case 'pass':
      return `ok ${n} - ${name}\n`;
    case 'n/a':
      return `ok ${n} - ${name} # SKIP n/a: ${r.message ?? ''}\n`;
    case 'warn':
      // A SHOULD not met: visible, but not a failure of the run.
      return `not ok ${n} - ${name} # TODO warn: SHOULD not met\n${diagnostics(r).join('\n')}\n`;
    default:
      return `not ok ${n} - ${name}\n${diagnostics(r).join('\n')}\n`;
  }
}

export function tapSummary(total: number, c: VerdictCounts, reportPath: string | undefined): string {
  const lines = [`1..${total}`, `# pass ${c.pass}`, `# fail ${c.fail}`, `# warn ${c.warn}`, `# n/a ${c['n/a']}`, `# error ${c.error}`];
  if (reportPath) lines.push(`# report: ${reportPath}`);
  // The closing line CI systems read: warn counts as passed (TODO), n/a as skipped, error as failed.
  lines.push(`conformance: ${c.pass + c.warn} passed, ${c.fail + c.error} failed, ${c['n/a']} skipped`);
  return lines.join('\n') + '\n';
}
