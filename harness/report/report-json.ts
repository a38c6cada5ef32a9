// reports/<run>/: report.json (schema: report.schema.json beside this file),
// junit.xml and index.html, all from one Report object. Every byte written
// passes the run's secret filter once more, whatever the writers missed.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseResult, VerdictCounts } from '../core/result.ts';
import { areaResults, resultsDigest, DIGEST_OVER, type Certification } from './certification.ts';
import type { Expectation, ExpectationSummary } from './expectations.ts';
import type { Report, ReportCase, RunInfo } from './report.ts';
import { junitXml } from './junit.ts';
import { renderHtml } from './html.ts';


/** Additive changes bump the minor number; see reports/README.md for the history. */
export const REPORT_SCHEMA_VERSION = '0.4';

export interface ReportFiles {
  json: string;
  junit: string;
  html: string;
}

/** A URL as a report may show it: no user info, no query (either can hold a credential). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

export function buildReport(
  info: RunInfo,
  counts: VerdictCounts,
  results: readonly CaseResult[],
  extra: { expectation?: (r: CaseResult) => Expectation; expectations?: ExpectationSummary; certification?: Certification } = {},
): Report {
  return {
    schema: REPORT_SCHEMA_VERSION,
    ...info,
    target: { ...info.target, url: displayUrl(info.target.url) },
    counts,
    areas: areaResults(results),
    digest: { algorithm: 'sha256', over: DIGEST_OVER, value: resultsDigest(info, results) },
    ...(extra.expectations ? { expectations: extra.expectations } : {}),
    ...(extra.certification ? { certification: extra.certification } : {}),
    cases: results.map((r) => (extra.expectation ? { ...r, expectation: extra.expectation(r) } : { ...r })),
  };
}

export async function writeReports(dir: string, report: Report, redact: (s: string) => string): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const files: ReportFiles = { json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'index.html') };
  const expectation = (r: CaseResult): Expectation => (r as ReportCase).expectation ?? 'pass';
  await writeFile(files.json, redact(JSON.stringify(report, null, 2)) + '\n');
  await writeFile(files.junit, redact(junitXml(report.suite.name, report.cases, report.expectations ? expectation : undefined)));
  await writeFile(files.html, redact(renderHtml(report)));
  return files;
}
