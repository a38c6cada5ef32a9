// The README's table of cases, written from the case headers (the same ones
// --list prints), so the table cannot drift from the suite. It lives between
// two marker lines in README.md; `npm run readme:cases` rewrites it.

import { AREAS, areaOf, type ConformanceCase } from '../core/case.ts';

export const TABLE_BEGIN = '<!-- case table: written by `npm run readme:cases` from the case headers; do not edit by hand -->';
export const TABLE_END = '<!-- end of case table -->';

/** One row per case, by area (in the order of AREAS), then by id. */
export function caseTable(cases: readonly Pick<ConformanceCase, 'id' | 'title'>[]): string {
  const rank = (id: string) => (AREAS as readonly string[]).indexOf(areaOf(id));
  const rows = [...cases]
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id))
    .map((c) => `| \`${c.id}\` | ${c.title.replaceAll('|', '\\|')} |`);
  return ['| case | checks |', '|---|---|', ...rows].join('\n');
}

/** `readme` with the text between the markers replaced by the table of `cases`. */
export function withCaseTable(readme: string, cases: readonly Pick<ConformanceCase, 'id' | 'title'>[]): string {
  const begin = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no case table markers (${TABLE_BEGIN} … ${TABLE_END})`);
  return `${readme.slice(0, begin + TABLE_BEGIN.length)}\n${caseTable(cases)}\n${readme.slice(end)}`;
}
