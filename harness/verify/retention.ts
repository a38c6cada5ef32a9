// What checks of the 30-day limit share, in the RET and LOC cases and the
// fuzzer alike: the limit, the declared sweep granularity, and a scan of the
// target's storage dump (PROTOCOL §6, §12).

import type { World } from '../run/world.ts';
import { LeakScanner, type LeakFinding, type Secret } from '../leak/scan.ts';
import type { StoredRecord } from '../target/control-plane.ts';

export const RETENTION_MS = 30 * 86_400_000;
/** PROTOCOL §12: the purge may trail a limit by the declared granularity, never more than an hour. */
export const MAX_GRANULARITY_MS = 3_600_000;

export function granularity(world: World): number {
  return world.env.identity?.sweepGranularityMs ?? MAX_GRANULARITY_MS;
}

export const where = (r: StoredRecord): string => `record ${r.region}/${r.store}/${r.key}`;

/** Every finding of the secrets in the storage dump, raw or disguised, record key included. */
export async function scanStorage(world: World, secrets: ReadonlyArray<Secret>): Promise<LeakFinding[]> {
  const scanner = new LeakScanner(secrets);
  const out: LeakFinding[] = [];
  for (const r of await world.env.control.storage()) {
    out.push(...scanner.scanBytes(Buffer.from(r.key, 'utf8'), { label: `key of ${where(r)}` }));
    out.push(...scanner.scanBytes(r.bytes, { label: where(r) }));
  }
  return out;
}
