// Every collection the harness records from the target has a cap: a target
// that floods (webhooks, envelopes, bad requests) must not grow the harness's
// memory or its report. A capped list keeps its first and last `keep` items
// and counts what it dropped in between.

const droppedCounts = new WeakMap<object, number>();

/** Items the harness records per case at most, per collection (first and last this many). */
export const RECORD_KEEP = 2_500;

/**
 * Appends `item`; once the list holds more than 2 × keep (plus some slack, so
 * the splice is rare), the middle goes and is counted.
 */
export function pushBounded<T>(list: T[], item: T, keep = RECORD_KEEP): void {
  list.push(item);
  if (list.length >= 2 * keep + Math.max(1, keep >> 1)) {
    const drop = list.length - 2 * keep;
    list.splice(keep, drop);
    droppedCounts.set(list, (droppedCounts.get(list) ?? 0) + drop);
  }
}

/** How many items `list` dropped from its middle (0 when it never overflowed). */
export function droppedFrom(list: readonly unknown[]): number {
  return droppedCounts.get(list) ?? 0;
}

/** The first and last `keep` items of `list`, and how many lie between them. */
export function ends<T>(list: readonly T[], keep: number): { head: T[]; tail: T[]; skipped: number } {
  if (list.length <= 2 * keep) return { head: [...list], tail: [], skipped: 0 };
  return { head: list.slice(0, keep), tail: list.slice(-keep), skipped: list.length - 2 * keep };
}
