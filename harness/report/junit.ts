// junit.xml for CI systems: one <testsuite> per area, one <testcase> per case.
// fail -> <failure>, error -> <error>, n/a -> <skipped>; a SHOULD not met
// passes with its warning in <system-out>. With a baseline, an expected
// failure is <skipped> and an unexpected pass a <failure>, as pytest's xfail.

import { areaOf } from '../core/case.ts';
import type { CaseResult } from '../core/result.ts';
import { describeStep } from '../core/errors.ts';
import type { Expectation } from './expectations.ts';

// XML 1.0 cannot carry most control characters, not even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function failureText(r: CaseResult): string {
  const lines = [`requirement (${r.severity}): ${r.clause.text}`, `source: ${r.clause.source}`];
  if (r.message) lines.push(`message: ${r.message}`);
  if (r.step) lines.push(`step: ${describeStep(r.step)}`);
  if (r.expected !== undefined) lines.push(`expected: ${r.expected}`);
  if (r.actual !== undefined) lines.push(`actual: ${r.actual}`);
  if (r.counterexample !== undefined) lines.push(`counterexample: ${r.counterexample}`);
  for (const d of r.deviations ?? []) lines.push(`deviation (${d.level}): ${d.message} (expected ${d.expected}; got ${d.actual})`);
  if (r.deviationsOmitted) lines.push(`deviations: ${r.deviationsOmitted} more not listed`);
  for (const e of r.evidence?.slice(-12) ?? []) lines.push(`wire: #${e.seq} [${e.channel}] ${e.request} -> ${e.status ?? e.error ?? '?'}`);
  if (r.replay) lines.push(`replay: ${r.replay}`);
  return lines.join('\n');
}

export function junitXml(suiteName: string, results: readonly CaseResult[], expectation?: (r: CaseResult) => Expectation): string {
  const byArea = new Map<string, CaseResult[]>();
  for (const r of results) {
    const a = areaOf(r.id);
    byArea.set(a, [...(byArea.get(a) ?? []), r]);
  }
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const suites: string[] = [];
  for (const [area, rs] of byArea) {
    const c = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
    const cases: string[] = [];
    for (const r of rs) {
      c.tests++;
      c.time += r.durationMs / 1000;
      const exp = expectation?.(r);
      const name = xmlEscape(`${r.id} - ${r.title}`);
      const open = `    <testcase classname="${xmlEscape(`${suiteName}.${area}`)}" name="${name}" time="${(r.durationMs / 1000).toFixed(3)}">`;
      let inner = '';
      if (exp === 'expected-fail') {
        c.skipped++;
        inner = `<skipped message="${xmlEscape(`expected failure (baseline): ${r.verdict}: ${r.message ?? ''}`)}"/>`;
      } else if (exp === 'unexpected-pass') {
        c.failures++;
        inner = `<failure message="unexpected pass: the baseline lists this case as failing" type="unexpected-pass"/>`;
      } else if (r.verdict === 'fail') {
        c.failures++;
        inner = `<failure message="${xmlEscape(r.message ?? 'failed')}" type="${r.severity}">${xmlEscape(failureText(r))}</failure>`;
      } else if (r.verdict === 'error') {
        c.errors++;
        inner = `<error message="${xmlEscape(r.message?.split('\n')[0] ?? 'error')}" type="harness">${xmlEscape(failureText(r))}</error>`;
      } else if (r.verdict === 'n/a') {
        c.skipped++;
        inner = `<skipped message="${xmlEscape(`n/a: ${r.message ?? ''}`)}"/>`;
      } else if (r.verdict === 'warn') {
        inner = `<system-out>${xmlEscape(`WARN: SHOULD not met\n${failureText(r)}`)}</system-out>`;
      }
      cases.push(inner ? `${open}\n      ${inner}\n    </testcase>` : open.replace(/>$/, '/>'));
    }
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += c[k];
    suites.push(
      `  <testsuite name="${xmlEscape(area)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlEscape(suiteName)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${total.time.toFixed(3)}">\n` +
    suites.join('\n') +
    `\n</testsuites>\n`
  );
}
