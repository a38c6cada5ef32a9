// What the RET and LOC cases share: the declared sweep granularity, the
// 30-day limit, and a scan of the target's storage dump (PROTOCOL §6, §12).

import fc from 'fast-check';
import type { World } from '../../harness/core/world.ts';
import { LeakScanner, type LeakFinding, type Secret } from '../../harness/leak/scan.ts';
import type { StoredRecord } from '../../harness/target/control-plane.ts';

export const DAY_MS = 86_400_000;
export const RETENTION_MS = 30 * DAY_MS;
/** PROTOCOL §12: the purge may trail a limit by the declared granularity, never more than an hour. */
export const MAX_GRANULARITY_MS = 3_600_000;

export function granularity(world: World): number {
  return world.env.identity?.sweepGranularityMs ?? MAX_GRANULARITY_MS;
}

/** How far past a limit the suite looks: a second to an hour, the edges most often. */
export const justAfter = (): fc.Arbitrary<number> => fc.oneof(fc.constant(1_000), fc.constant(MAX_GRANULARITY_MS), fc.integer({ min: 1_000, max: MAX_GRANULARITY_MS }));

/** How far before a limit: a second to a day. */
export const justBefore = (): fc.Arbitrary<number> => fc.oneof(fc.constant(1_000), fc.integer({ min: 1_000, max: DAY_MS }));

export const where = (r: StoredRecord): string => `record ${r.region}/${r.store}/${r.key}`;

export async function storage(world: World): Promise<StoredRecord[]> {
  return world.env.control.storage();
}

/** Every finding of the secrets in the storage dump, raw or disguised, record key included. */
export async function scanStorage(world: World, secrets: ReadonlyArray<Secret>): Promise<LeakFinding[]> {
  const scanner = new LeakScanner(secrets);
  const out: LeakFinding[] = [];
  for (const r of await storage(world)) {
    out.push(...scanner.scanBytes(Buffer.from(r.key, 'utf8'), { label: `key of ${where(r)}` }));
    out.push(...scanner.scanBytes(r.bytes, { label: where(r) }));
  }
  return out;
}

export const phone = (waId: string, label = 'consumer phone'): Secret => ({ value: waId, kind: 'phone', label });
export const canary = (value: string, label = 'content'): Secret => ({ value, kind: 'content', label });
/** A message id is no secret, but nothing about a purged message may survive: searched like content. */
export const messageId = (id: string): Secret => ({ value: id, kind: 'content', label: `message ${id}` });
