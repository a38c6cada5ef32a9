// Flags of `npm run mutation`. --files names reference modules by glob; it is
// expanded here, against the files that exist, so a glob that matches nothing
// is one line and exit 2 before Stryker starts, and Stryker's `mutate` gets
// the exact file list.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { badArgument as bad, parseFlagWords, usageLines, wholeNumber, type FlagSpec } from '../cli/flags.ts';
import { DEFAULT_RUNNER_OPTIONS } from './options.ts';

export const FLAGS: FlagSpec[] = [
  { name: 'files', value: 'GLOBS', help: 'reference modules to mutate: comma-separated globs under reference/, ! excludes (default reference/**/*.ts)' },
  { name: 'runs', value: 'N', help: `inputs per property case in every mutant's run (default ${DEFAULT_RUNNER_OPTIONS.runs})` },
  { name: 'incremental', help: 'reuse the results of the last run (reports/mutation/stryker-incremental.json): re-test only mutants whose code or covering cases changed' },
  { name: 'concurrency', value: 'N', help: 'mutants tested at once, each with its own reference (default 1)' },
  { name: 'help', help: 'show this help' },
];

/** Fault files are deliberate defects, off unless selected: mutating them says nothing about the suite. */
const NEVER_MUTATED = /^reference\/faults\//;

export interface MutationArgs {
  /** Project-relative files, for Stryker's `mutate`. */
  files: string[];
  runs: number;
  incremental: boolean;
  concurrency: number;
  help: boolean;
}

/** Every .ts file under reference/, project-relative, forward slashes, sorted. */
export function referenceModules(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) out.push(rel);
    }
  };
  walk('reference');
  return out.sort();
}

/** `*` within a path segment, `**` across them, `?` one character. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The modules `--files` selects; every include must match one, every glob must be under reference/. */
export function selectModules(spec: string | undefined, modules: readonly string[]): string[] {
  const candidates = modules.filter((m) => !NEVER_MUTATED.test(m));
  if (spec === undefined) return candidates;
  const globs = spec.split(',').map((g) => g.trim()).filter(Boolean);
  const includes = globs.filter((g) => !g.startsWith('!'));
  const excludes = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  if (includes.length === 0) throw bad('--files needs at least one glob that is not an exclusion (!…)');
  for (const g of [...includes, ...excludes]) {
    if (!g.replace(/^\.\//, '').startsWith('reference/')) throw bad(`--files: only the reference is mutated; "${g}" is not under reference/`);
  }
  const re = (g: string) => globRegExp(g.replace(/^\.\//, ''));
  for (const g of includes) {
    if (!candidates.some((m) => re(g).test(m))) throw bad(`--files: "${g}" matches no reference module${modules.some((m) => re(g).test(m)) ? ' (fault files are never mutated)' : ''}`);
  }
  const chosen = candidates.filter((m) => includes.some((g) => re(g).test(m)) && !excludes.some((g) => re(g).test(m)));
  if (chosen.length === 0) throw bad(`--files=${spec} leaves no module once its exclusions are applied`);
  return chosen;
}

export function parseMutationArgs(argv: readonly string[], modules: readonly string[]): MutationArgs {
  const raw = parseFlagWords(argv, FLAGS);
  const str = (n: string) => raw.get(n) as string | undefined;
  return {
    files: selectModules(str('files'), modules),
    runs: str('runs') !== undefined ? wholeNumber('runs', str('runs')!, 1, 1_000) : DEFAULT_RUNNER_OPTIONS.runs,
    incremental: raw.has('incremental'),
    concurrency: str('concurrency') !== undefined ? wholeNumber('concurrency', str('concurrency')!, 1, 16) : 1,
    help: raw.has('help'),
  };
}

export function usage(): string {
  return [
    'Usage: npm run mutation -- [--files=GLOBS] [--runs=N] [--incremental] [--concurrency=N]',
    '',
    'Mutates the reference with StrykerJS and runs, for every mutant, the conformance cases that',
    'execute its code against a reference with that mutant switched on. Reports in reports/mutation/',
    '(mutation.html, mutation.json, scores.md, summary.json).',
    '',
    'Options:',
    ...usageLines(FLAGS),
    '',
    'Exit codes: 0 the run finished (whatever the score), 2 bad flags or the run could not be done.',
  ].join('\n');
}
