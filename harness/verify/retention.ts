// What checks of the 30-day limit share, in the RET and LOC cases and the
// fuzzer alike: the declared sweep granularity (the limit itself is
// RETENTION_MS in ../core/durations.ts) and a scan of the target's storage
// dump (PROTOCOL §6, §12).

import type { World } from '../run/world.ts';
import { LeakScanner, type LeakFinding, type Secret } from '../leak/scan.ts';
import type { StoredRecord } from '../target/control-plane.ts';
import { MAX_GRANULARITY_MS } from '../core/durations.ts';

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
