// Graded findings. A verifier lists every way a response departs from its
// rule, each MUST or SHOULD; `settle` fails the case (listing them all) when
// a MUST is among them and otherwise records the SHOULDs in the case's
// deviation log, which the runner grades into `warn`. The log is the running
// case's (AsyncLocalStorage), so verifiers need no handle on the case; with
// no case running (the fuzz command) SHOULD findings are not kept.

import { AsyncLocalStorage } from 'node:async_hooks';
import { CaseFailure, type Deviation, type DeviationLevel } from './errors.ts';

/** Distinct SHOULD deviations a case keeps; a property can meet the same ones on every run. */
export const MAX_DEVIATIONS = 20;

export class DeviationLog {
  readonly #byKey = new Map<string, Deviation>();
  /** Distinct deviations seen beyond MAX_DEVIATIONS. */
  omitted = 0;

  add(d: Deviation): void {
    // The same rule broken the same way is one deviation, whatever response showed it.
    const key = `${d.level}\u0000${d.message}\u0000${d.expected}`;
    if (this.#byKey.has(key)) return;
    if (this.#byKey.size >= MAX_DEVIATIONS) this.omitted++;
    else this.#byKey.set(key, d);
  }

  list(): Deviation[] {
    return [...this.#byKey.values()];
  }
}

const running = new AsyncLocalStorage<DeviationLog>();

/** Runs `fn` with `log` as the deviation log of everything it awaits. */
export function recordingDeviations<T>(log: DeviationLog, fn: () => Promise<T>): Promise<T> {
  return running.run(log, fn);
}

/** Records a SHOULD deviation in the running case; it never fails the case or a property. */
export function recordShould(d: Deviation): void {
  running.getStore()?.add(d);
}

/** Collects the findings of one response. */
export class Findings {
  readonly list: Deviation[] = [];

  #add(level: DeviationLevel, ok: boolean, message: string, expected: string, actual: string): boolean {
    if (!ok) this.list.push({ level, message, expected, actual });
    return ok;
  }

  must(ok: boolean, message: string, expected: string, actual: string): boolean {
    return this.#add('MUST', ok, message, expected, actual);
  }

  should(ok: boolean, message: string, expected: string, actual: string): boolean {
    return this.#add('SHOULD', ok, message, expected, actual);
  }

  get failed(): boolean {
    return this.list.some((d) => d.level === 'MUST');
  }

  /** See `settle`. */
  settle(whole: { expected: string; actual: string }): void {
    settle(this.list, whole);
  }
}

/** "x: a" and "x: b" as "x: a; b": findings about one request share its description. */
function joined(messages: readonly string[]): string {
  const cut = messages[0]!.indexOf(': ');
  const head = messages[0]!.slice(0, cut + 2);
  if (cut < 0 || !messages.every((m) => m.startsWith(head))) return messages.join('; ');
  return head + messages.map((m) => m.slice(head.length)).join('; ');
}

/**
 * Throws one CaseFailure listing every finding (MUST first) when a MUST is
 * among them; otherwise records the SHOULD findings in the running case.
 * `whole` is the expected/actual of the response as a whole.
 */
export function settle(findings: readonly Deviation[], whole: { expected: string; actual: string }): void {
  const musts = findings.filter((d) => d.level === 'MUST');
  const shoulds = findings.filter((d) => d.level === 'SHOULD');
  if (musts.length > 0) throw new CaseFailure(joined(musts.map((d) => d.message)), whole.expected, whole.actual, [...musts, ...shoulds]);
  for (const d of shoulds) recordShould(d);
}
