// What the RET and LOC cases share: how far from a limit they look, the
// secrets they search the storage dump for, and (from harness/verify/retention.ts,
// which the fuzzer uses too) the 30-day limit, the granularity and the scan.

import fc from 'fast-check';
import type { World } from '../../harness/run/world.ts';
import type { Secret } from '../../harness/leak/scan.ts';
import type { StoredRecord } from '../../harness/target/control-plane.ts';
import { MAX_GRANULARITY_MS } from '../../harness/verify/retention.ts';

export { granularity, MAX_GRANULARITY_MS, RETENTION_MS, scanStorage, where } from '../../harness/verify/retention.ts';

export const DAY_MS = 86_400_000;

/** How far past a limit the suite looks: a second to an hour, the edges most often. */
export const justAfter = (): fc.Arbitrary<number> => fc.oneof(fc.constant(1_000), fc.constant(MAX_GRANULARITY_MS), fc.integer({ min: 1_000, max: MAX_GRANULARITY_MS }));

/** How far before a limit: a second to a day. */
export const justBefore = (): fc.Arbitrary<number> => fc.oneof(fc.constant(1_000), fc.integer({ min: 1_000, max: DAY_MS }));

/** One side of a limit, how far from it on each side, and a tag for the canary: the media retention properties. */
export const eitherSideOfLimit = () =>
  fc.record({ side: fc.constantFrom('before' as const, 'after' as const), before: justBefore(), after: justAfter(), tag: fc.stringMatching(/^[a-z0-9]{8}$/) });

export async function storage(world: World): Promise<StoredRecord[]> {
  return world.storageDump();
}

export const phone = (waId: string, label = 'consumer phone'): Secret => ({ value: waId, kind: 'phone', label });
export const canary = (value: string, label = 'content'): Secret => ({ value, kind: 'content', label });
/** A message id is no secret, but nothing about a purged message may survive: searched like content. */
export const messageId = (id: string): Secret => ({ value: id, kind: 'content', label: `message ${id}` });
