// From Stryker's JSON report (the mutation-testing-report schema) to what a
// reader wants after a run: one row per reference module, the mutants that
// survived (each a gap in the suite, or an equivalent mutant to mark), and a
// machine-readable summary selfcheck can print.
//
// The score counts what the suite could have caught: killed and timed-out
// mutants over every covered mutant that is not ignored. Mutants no case
// executes are listed apart (no case reaches that code at all), as are
// ignored ones (`// Stryker disable … : reason`, equivalent or irrelevant)
// and those Stryker could not run (compile or runtime errors).

import { isAbsolute, relative } from 'node:path';

/** The members of a mutation-testing-report this reads (schema: mutation-testing-report-schema). */
export interface MutationReport {
  schemaVersion?: string;
  files: Record<string, { mutants: ReportMutant[] }>;
}

export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Timeout' | 'Ignored' | 'Pending';

export interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: MutantStatus;
  statusReason?: string;
  location: { start: { line: number; column: number }; end?: { line: number; column: number } };
  killedBy?: string[];
  coveredBy?: string[];
}

export interface ModuleScore {
  module: string;
  mutants: number;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  ignored: number;
  /** Compile and runtime errors, and mutants left pending: not in the score. */
  errors: number;
  /** (killed + timeout) / (killed + timeout + survived); null when nothing covered counts. */
  score: number | null;
}

/** A mutant the suite did not catch, where it is and what it changed. */
export interface Gap {
  file: string;
  line: number;
  column: number;
  mutator: string;
  replacement: string;
}

export interface MutationSummary {
  date: string;
  /** The overall score in percent, one decimal; null when no covered mutant counts. */
  score: number | null;
  mutants: number;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  ignored: number;
  errors: number;
  modules: Array<{ module: string; score: number | null }>;
}

export interface Scores {
  modules: ModuleScore[];
  total: ModuleScore;
  survivors: Gap[];
  uncovered: Gap[];
}

function scoreOf(killed: number, timeout: number, survived: number): number | null {
  const counted = killed + timeout + survived;
  return counted === 0 ? null : (killed + timeout) / counted;
}

function tally(module: string, mutants: readonly ReportMutant[]): ModuleScore {
  const count = (...s: MutantStatus[]) => mutants.filter((m) => s.includes(m.status)).length;
  const killed = count('Killed');
  const survived = count('Survived');
  const timeout = count('Timeout');
  return {
    module,
    mutants: mutants.length,
    killed,
    survived,
    timeout,
    noCoverage: count('NoCoverage'),
    ignored: count('Ignored'),
    errors: count('CompileError', 'RuntimeError', 'Pending'),
    score: scoreOf(killed, timeout, survived),
  };
}

/** One line, whitespace folded, so a multi-line replacement stays one row. */
function oneLine(s: string, max = 100): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function gap(file: string, m: ReportMutant): Gap {
  return { file, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: oneLine(m.replacement ?? m.mutatorName) };
}

const byPlace = (a: Gap, b: Gap) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;

/** Report file names as project-relative paths with forward slashes, whichever form the report used. */
function moduleName(file: string, root: string): string {
  return (isAbsolute(file) ? relative(root, file) : file).split('\\').join('/');
}

export function scoresOf(report: MutationReport, root: string): Scores {
  const modules: ModuleScore[] = [];
  const survivors: Gap[] = [];
  const uncovered: Gap[] = [];
  const all: ReportMutant[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const name = moduleName(file, root);
    modules.push(tally(name, mutants));
    all.push(...mutants);
    for (const m of mutants) {
      if (m.status === 'Survived') survivors.push(gap(name, m));
      if (m.status === 'NoCoverage') uncovered.push(gap(name, m));
    }
  }
  modules.sort((a, b) => a.module.localeCompare(b.module));
  return { modules, total: tally('total', all), survivors: survivors.sort(byPlace), uncovered: uncovered.sort(byPlace) };
}

const percent = (s: number | null): number | null => (s === null ? null : Math.round(s * 1000) / 10);
const shown = (s: number | null): string => (s === null ? 'n/a' : `${percent(s)!.toFixed(1)}%`);

const HEADER = ['module', 'mutants', 'killed', 'survived', 'timeout', 'no coverage', 'ignored/equivalent', 'errors', 'score'];

function row(s: ModuleScore): string[] {
  return [s.module, s.mutants, s.killed, s.survived, s.timeout, s.noCoverage, s.ignored, s.errors, shown(s.score)].map(String);
}

function gapLine(g: Gap): string {
  return `- \`${g.file}:${g.line}:${g.column}\` ${g.mutator}: \`${g.replacement.replace(/`/g, "'")}\``;
}

/** The Markdown of reports/mutation/scores.md: the table, then every survivor and every mutant no case reached. */
export function scoresMarkdown(scores: Scores, date: string): string {
  const rows = [...scores.modules.map(row), row({ ...scores.total, module: '**total**' })];
  const lines = [
    `# Mutation scores (${date})`,
    '',
    'score = (killed + timeout) / (killed + timeout + survived): mutants no case executes, ignored ones and errors are not in it.',
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `## Survived (${scores.survivors.length})`,
    '',
    ...(scores.survivors.length ? scores.survivors.map(gapLine) : ['none']),
    '',
    `## No coverage (${scores.uncovered.length})`,
    '',
    ...(scores.uncovered.length ? scores.uncovered.map(gapLine) : ['none']),
    '',
  ];
  return lines.join('\n');
}

/** The table as plain text for the terminal, columns padded. */
export function scoresTable(scores: Scores): string {
  const rows = [HEADER, ...scores.modules.map(row), row(scores.total)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

export function summaryOf(scores: Scores, date: string): MutationSummary {
  const t = scores.total;
  return {
    date,
    score: percent(t.score),
    mutants: t.mutants,
    killed: t.killed,
    survived: t.survived,
    timeout: t.timeout,
    noCoverage: t.noCoverage,
    ignored: t.ignored,
    errors: t.errors,
    modules: scores.modules.map((m) => ({ module: m.module, score: percent(m.score) })),
  };
}
