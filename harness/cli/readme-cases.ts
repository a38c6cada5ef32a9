// `npm run readme:cases`: rewrites the case table in README.md from the case
// headers (harness/report/case-table.ts). test/docs/readme-cases.test.ts fails
// when the table is out of date.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCases } from '../run/registry.ts';
import { withCaseTable } from '../report/case-table.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { exitWhenFlushed } from './shutdown.ts';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) {
    console.error(`readme:cases: takes no arguments (got ${argv.join(' ')})`);
    return 2;
  }
  const file = join(PROJECT_ROOT, 'README.md');
  const cases = await loadCases();
  const before = await readFile(file, 'utf8');
  let after: string;
  try {
    after = withCaseTable(before, cases);
  } catch (e) {
    console.error(`readme:cases: ${(e as Error).message}`);
    return 2;
  }
  if (after !== before) await writeFile(file, after);
  console.log(`README.md: case table ${after === before ? 'already up to date' : 'rewritten'} (${cases.length} cases)`);
  return 0;
}

await exitWhenFlushed(await main(process.argv.slice(2)));
