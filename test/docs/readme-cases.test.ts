// The README's table of cases is written from the case headers
// (harness/report/case-table.ts, `npm run readme:cases`), and no page of the
// project's docs names a case that does not exist: a renamed or removed case
// leaves no stale id behind for a reader to look for.
import t from 'tap';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases } from '../../harness/run/registry.ts';
import { AREAS } from '../../harness/core/case.ts';
import { caseTable, withCaseTable, TABLE_BEGIN, TABLE_END } from '../../harness/report/case-table.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cases = await loadCases();
const ids = cases.map((c) => c.id);

/** Every Markdown file of the project (not node_modules, not hidden folders). */
async function markdownFiles(dir = ROOT): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Everything in `text` shaped like a case id, a glob of ids (`HOOK-retry-*`, `E2E-TLS-…`) or a sub-area (`FUZZ-GRAPH`). */
function caseNames(text: string): string[] {
  const re = new RegExp(`\\b(?:${AREAS.join('|')})-[A-Za-z0-9*…-]*[A-Za-z0-9*…]`, 'g');
  return [...new Set(text.match(re) ?? [])];
}

/** Why `name` names no case, or undefined when it does. */
function unknownName(name: string): string | undefined {
  if (ids.includes(name)) return undefined;
  if (/[*…]/.test(name)) {
    const glob = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/[*…]/g, '.*')}$`);
    return ids.some((id) => glob.test(id)) ? undefined : 'a glob no case matches';
  }
  // An upper-case sub-area (FUZZ-GRAPH, E2E-TLS) names the cases under it.
  if (/^[A-Z0-9]+-[A-Z][A-Z0-9]*$/.test(name)) return ids.some((id) => id.startsWith(`${name}-`)) ? undefined : 'a sub-area no case is in';
  return 'no such case';
}

t.test('the README\'s case table is the one the case headers give', async (t) => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  t.ok(readme.includes(TABLE_BEGIN) && readme.includes(TABLE_END), 'the table\'s markers are there');
  t.equal(readme, withCaseTable(readme, cases), 'up to date (run `npm run readme:cases` after adding or retitling a case)');
  for (const id of ids) t.ok(readme.includes(`| \`${id}\` |`), `${id} has a row`);
});

t.test('no Markdown page names a case that does not exist', async (t) => {
  const files = await markdownFiles();
  t.ok(files.some((f) => relative(ROOT, f) === 'README.md'), 'the README is read');
  const stale: string[] = [];
  for (const file of files) {
    for (const name of caseNames(await readFile(file, 'utf8'))) {
      const why = unknownName(name);
      if (why) stale.push(`${relative(ROOT, file)}: ${name} (${why})`);
    }
  }
  t.same(stale, []);
});

t.test('the checks themselves: stale ids, empty globs and unknown sub-areas are caught', async (t) => {
  t.equal(unknownName(ids[0]!), undefined);
  t.equal(unknownName('HOOK-retry-*'), undefined);
  t.equal(unknownName('FUZZ-GRAPH'), undefined);
  t.equal(unknownName('HOOK-no-such-case'), 'no such case');
  t.equal(unknownName('HOOK-nothing-*'), 'a glob no case matches');
  t.equal(unknownName('GRAPH-NOPE'), 'a sub-area no case is in');
  t.same(caseNames('see `HOOK-retry-*`, E2E-TLS-… and GRAPH-media.'), ['HOOK-retry-*', 'E2E-TLS-…', 'GRAPH-media']);
  t.match(caseTable([{ id: 'VIS-a', title: 'x | y' }, { id: 'GRAPH-b', title: 'z' }]), /GRAPH-b[^]*VIS-a[^]*x \\\| y/, 'by area, pipes escaped');
  t.throws(() => withCaseTable('no markers here', cases), /no case table markers/);
});
