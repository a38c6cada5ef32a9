// After a run: reads Stryker's JSON report and writes scores.md and
// summary.json beside it (paths in options.ts).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { scoresMarkdown, scoresOf, summaryOf, type MutationReport, type Scores } from './scores.ts';
import { MUTATION_REPORTS } from './options.ts';

export async function writeScoreFiles(root: string, date: string): Promise<{ scores: Scores; markdown: string; summary: string }> {
  const file = join(root, MUTATION_REPORTS.json);
  let report: MutationReport;
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as MutationReport;
  } catch (e) {
    throw new HarnessError('HARNESS_INTERNAL', `cannot read Stryker's report ${file}: ${(e as Error).message}`);
  }
  if (typeof report !== 'object' || report === null || typeof report.files !== 'object') {
    throw new HarnessError('HARNESS_INTERNAL', `${file} is not a mutation-testing report (no "files")`);
  }
  const scores = scoresOf(report, root);
  const markdown = join(root, MUTATION_REPORTS.scores);
  const summary = join(root, MUTATION_REPORTS.summary);
  await writeFile(markdown, scoresMarkdown(scores, date));
  await writeFile(summary, JSON.stringify(summaryOf(scores, date), null, 2) + '\n');
  return { scores, markdown, summary };
}
