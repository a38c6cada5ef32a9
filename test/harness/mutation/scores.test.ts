// The score table and summary, from a hand-made Stryker JSON report.
import t from 'tap';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoresMarkdown, scoresOf, scoresTable, summaryOf } from '../../../harness/mutation/scores.ts';
import { writeScoreFiles } from '../../../harness/mutation/score-files.ts';
import { MUTATION_REPORTS } from '../../../harness/mutation/options.ts';
import { REPORT } from './fixtures.ts';

const ROOT = '/project';
const scores = scoresOf(REPORT, ROOT);

t.test('one row per module, sorted, counted by status', async (t) => {
  t.same(scores.modules.map((m) => m.module), ['reference/opaque-data.ts', 'reference/outbox.ts', 'reference/types.ts']);
  const outbox = scores.modules.find((m) => m.module === 'reference/outbox.ts')!;
  t.match(outbox, { mutants: 6, killed: 2, survived: 1, timeout: 1, noCoverage: 1, ignored: 1, errors: 0 });
  t.equal(outbox.score, 3 / 4, 'killed + timeout over covered, not ignored');
  const opaque = scores.modules.find((m) => m.module === 'reference/opaque-data.ts')!;
  t.match(opaque, { mutants: 3, killed: 1, survived: 1, errors: 1 });
  t.equal(opaque.score, 1 / 2, 'a runtime error is not in the score');
  t.equal(scores.modules.find((m) => m.module === 'reference/types.ts')!.score, null, 'no mutant: no score');
  t.match(scores.total, { mutants: 9, killed: 3, survived: 2, timeout: 1, noCoverage: 1, ignored: 1, errors: 1 });
  t.equal(scores.total.score, 4 / 6);
});

t.test('absolute file names become project-relative', async (t) => {
  const abs = scoresOf({ files: { '/project/reference/outbox.ts': REPORT.files['reference/outbox.ts']! } }, ROOT);
  t.equal(abs.modules[0]!.module, 'reference/outbox.ts');
});

t.test('survivors and uncovered mutants say where and what, one line each', async (t) => {
  t.same(scores.survivors, [
    { file: 'reference/opaque-data.ts', line: 3, column: 3, mutator: 'OptionalChaining', replacement: 'row.data' },
    { file: 'reference/outbox.ts', line: 40, column: 3, mutator: 'EqualityOperator', replacement: 'a <= b' },
  ]);
  t.same(scores.uncovered.map((g) => `${g.file}:${g.line}`), ['reference/outbox.ts:50']);
});

t.test('the Markdown table and lists', async (t) => {
  const md = scoresMarkdown(scores, '2026-12-02T00:00:00.000Z');
  t.match(md, /^# Mutation scores \(2026-12-02T00:00:00\.000Z\)/);
  t.match(md, /\| module \| mutants \| killed \| survived \| timeout \| no coverage \| ignored\/equivalent \| errors \| score \|/);
  t.match(md, /\| reference\/outbox\.ts \| 6 \| 2 \| 1 \| 1 \| 1 \| 1 \| 0 \| 75\.0% \|/);
  t.match(md, /\| reference\/types\.ts \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| n\/a \|/);
  t.match(md, /\| \*\*total\*\* \| 9 \| 3 \| 2 \| 1 \| 1 \| 1 \| 1 \| 66\.7% \|/);
  t.match(md, /## Survived \(2\)\n\n- `reference\/opaque-data\.ts:3:3` OptionalChaining: `row\.data`\n- `reference\/outbox\.ts:40:3` EqualityOperator: `a <= b`/);
  t.match(md, /## No coverage \(1\)\n\n- `reference\/outbox\.ts:50:3` StringLiteral: `""`/);
  const text = scoresTable(scores);
  t.equal(text.split('\n').length, 5, 'header, three modules, total');
  t.match(text, /reference\/outbox\.ts\s+6\s+2\s+1\s+1\s+1\s+1\s+0\s+75\.0%/);
});

t.test('the summary: overall score in percent, the date, counts, per module', async (t) => {
  const s = summaryOf(scores, '2026-12-02T00:00:00.000Z');
  t.same(s, {
    date: '2026-12-02T00:00:00.000Z',
    score: 66.7,
    mutants: 9,
    killed: 3,
    survived: 2,
    timeout: 1,
    noCoverage: 1,
    ignored: 1,
    errors: 1,
    modules: [
      { module: 'reference/opaque-data.ts', score: 50 },
      { module: 'reference/outbox.ts', score: 75 },
      { module: 'reference/types.ts', score: null },
    ],
  });
  t.equal(summaryOf(scoresOf({ files: {} }, ROOT), 'd').score, null, 'an empty report has no score');
});

t.test('score files are written beside Stryker\'s report', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'mutation-scores-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, MUTATION_REPORTS.dir), { recursive: true });
  await t.rejects(writeScoreFiles(root, 'd'), { code: 'HARNESS_INTERNAL' }, 'no report yet');
  await writeFile(join(root, MUTATION_REPORTS.json), JSON.stringify({ schemaVersion: '2' }));
  await t.rejects(writeScoreFiles(root, 'd'), /not a mutation-testing report/);
  await writeFile(join(root, MUTATION_REPORTS.json), JSON.stringify(REPORT));
  await writeScoreFiles(root, '2026-12-02T00:00:00.000Z');
  t.match(await readFile(join(root, MUTATION_REPORTS.scores), 'utf8'), /66\.7%/);
  t.match(JSON.parse(await readFile(join(root, MUTATION_REPORTS.summary), 'utf8')), { score: 66.7, date: '2026-12-02T00:00:00.000Z' });
});
