// How the deviations a case met end up in its result: a failure lists every
// deviation of the failing response and then the case's SHOULDs; a case that
// met only SHOULDs is `warn` with all of them listed.

import type { CaseFailure, Deviation } from './errors.ts';
import type { DeviationLog } from './deviations.ts';
import type { CaseResult } from './result.ts';

type Listed = Pick<CaseResult, 'deviations' | 'deviationsOmitted'>;

const key = (d: Deviation) => `${d.level}\u0000${d.message}\u0000${d.expected}`;

function redacted(d: Deviation, redact: (s: string) => string): Deviation {
  return { level: d.level, message: redact(d.message), expected: redact(d.expected), actual: redact(d.actual) };
}

/** The deviations a failed case lists; nothing when the failure is its only one. */
export function withDeviations(failure: CaseFailure | undefined, log: DeviationLog, redact: (s: string) => string): Listed {
  const all = [...(failure?.deviations ?? [])];
  const seen = new Set(all.map(key));
  for (const d of log.list()) if (!seen.has(key(d))) all.push(d);
  if (all.length <= 1 && log.omitted === 0) return {};
  return { deviations: all.map((d) => redacted(d, redact)), ...(log.omitted > 0 ? { deviationsOmitted: log.omitted } : {}) };
}

/** For a case that ran through: the warn it earned by its SHOULD deviations, or undefined when it met none. */
export function shouldsOnly(log: DeviationLog, redact: (s: string) => string): (Listed & Pick<CaseResult, 'message' | 'expected' | 'actual'>) | undefined {
  const list = log.list();
  if (list.length === 0) return undefined;
  const first = list[0]!;
  const more = list.length - 1 + log.omitted;
  return {
    message: redact(`SHOULD not met: ${first.message}${more > 0 ? ` (and ${more} more deviation(s))` : ''}`),
    expected: redact(first.expected),
    actual: redact(first.actual),
    deviations: list.map((d) => redacted(d, redact)),
    ...(log.omitted > 0 ? { deviationsOmitted: log.omitted } : {}),
  };
}
