// Known failures (--baseline=FILE), WPT-style: a listed case that fails is
// expected; one that fails unlisted or passes while listed is unexpected, and
// only the unexpected decide the exit code.

import { readFile } from 'node:fs/promises';
import { HarnessError } from '../core/errors.ts';
import type { CaseResult } from '../core/result.ts';

export type Expectation =
  | 'pass' // not listed, passed
  | 'expected-fail' // listed, did not pass (fail, warn or error)
  | 'unexpected-fail' // not listed, did not pass
  | 'unexpected-pass' // listed, passed: the baseline is stale
  | 'not-run'; // n/a: says nothing either way

export interface Baseline {
  file: string;
  /** Case id -> the reason written beside it (may be empty). */
  known: Map<string, string>;
}

export interface ExpectationSummary {
  baseline: string;
  expectedFailures: string[];
  unexpectedFailures: string[];
  unexpectedPasses: string[];
  /** Listed cases reported n/a, so the baseline could not be checked for them. */
  notRun: string[];
}

const bad = (m: string) => new HarnessError('HARNESS_BAD_ARGUMENT', m);

/**
 * One case id a line, an optional reason after `#`; blank lines and lines
 * starting with `#` are comments. Ids are exact: a typo must not silently
 * excuse a failure, so an id no case has is an error.
 */
export function parseBaseline(file: string, text: string, knownIds: ReadonlySet<string>): Baseline {
  const known = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    const reason = hash >= 0 ? raw.slice(hash + 1).trim() : '';
    if (body === '') return;
    if (/\s/.test(body)) throw bad(`--baseline ${file} line ${i + 1}: one case id per line, got "${body}"`);
    if (!knownIds.has(body)) throw bad(`--baseline ${file} line ${i + 1}: no case has id "${body}" (see --list)`);
    known.set(body, reason);
  });
  return { file, known };
}

export async function loadBaseline(file: string, knownIds: ReadonlySet<string>): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw bad(`--baseline cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseBaseline(file, text, knownIds);
}

export function expectationOf(r: Pick<CaseResult, 'id' | 'verdict'>, baseline: Baseline): Expectation {
  if (r.verdict === 'n/a') return 'not-run';
  const listed = baseline.known.has(r.id);
  if (r.verdict === 'pass') return listed ? 'unexpected-pass' : 'pass';
  return listed ? 'expected-fail' : 'unexpected-fail';
}

export function summarize(results: readonly CaseResult[], baseline: Baseline): ExpectationSummary {
  const s: ExpectationSummary = { baseline: baseline.file, expectedFailures: [], unexpectedFailures: [], unexpectedPasses: [], notRun: [] };
  for (const r of results) {
    const e = expectationOf(r, baseline);
    if (e === 'expected-fail') s.expectedFailures.push(r.id);
    else if (e === 'unexpected-fail') s.unexpectedFailures.push(r.id);
    else if (e === 'unexpected-pass') s.unexpectedPasses.push(r.id);
    else if (e === 'not-run' && baseline.known.has(r.id)) s.notRun.push(r.id);
  }
  return s;
}

/**
 * With a baseline only the unexpected count: 2 for an unexpected harness
 * error, 1 for an unexpected MUST failure or an unexpected pass, else 0. A
 * SHOULD not met (warn) never fails a run, listed or not.
 */
export function exitCodeWithBaseline(results: readonly CaseResult[], baseline: Baseline): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = 0;
  for (const r of results) {
    const e = expectationOf(r, baseline);
    if (e === 'unexpected-fail' && r.verdict === 'error') return 2;
    if ((e === 'unexpected-fail' && r.verdict === 'fail') || e === 'unexpected-pass') code = 1;
  }
  return code;
}
