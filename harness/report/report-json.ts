// reports/<run>/report.json: every case with its verdict, evidence for the
// ones that did not pass, and what is needed to re-run the same thing.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseResult, VerdictCounts } from '../core/result.ts';

export const REPORT_SCHEMA_VERSION = '0.1';

export interface RunInfo {
  suite: { name: string; version: string };
  protocol: string;
  target: { url: string; implementation: { name: string; version: string } | null; embedded: boolean; fault?: string };
  capabilities: string[];
  seed: number;
  runs: number;
  startedAt: string;
  finishedAt: string;
}

export async function writeReport(dir: string, info: RunInfo, counts: VerdictCounts, results: readonly CaseResult[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'report.json');
  await writeFile(file, JSON.stringify({ schema: REPORT_SCHEMA_VERSION, ...info, counts, cases: results }, null, 2) + '\n');
  return file;
}
