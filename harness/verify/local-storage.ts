// Where content is at rest under Local Storage. Meta's local storage page
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage)
// allows content "in use" in Meta data centers anywhere for up to 60 minutes
// (Cloud API); after that it is at rest only in the chosen region. So the
// region is judged after that period: the case advances the virtual clock
// past it (plus the target's sweep granularity, PROTOCOL §12) first. A
// target without control.clock cannot be moved past it, and waiting an hour
// is no test: there content outside the region is a SHOULD deviation (warn),
// judged within the period that allows it.

import { expect, should } from '../core/expect.ts';
import type { World } from '../run/world.ts';
import type { StoredRecord } from '../target/control-plane.ts';
import { granularity, where } from './retention.ts';
import { DATA_IN_USE_MS } from '../core/durations.ts';

/** How far the clock moves so that everything written so far is past its data-in-use period. */
export const pastDataInUse = (world: World): number => DATA_IN_USE_MS + granularity(world) + 1_000;

/**
 * Moves the virtual clock past the data-in-use period (with control.clock),
 * lets the target finish, and returns the storage dump.
 */
export async function storageAfterDataInUse(world: World, advance: (ms: number) => Promise<void> = (ms) => world.advanceClock(ms)): Promise<{ records: StoredRecord[]; judged: 'at rest' | 'in use' }> {
  const clock = world.has('control.clock');
  if (clock) await advance(pastDataInUse(world));
  await world.settle();
  return { records: await world.env.control.storage(), judged: clock ? 'at rest' : 'in use' };
}

/**
 * Every record naming one of `ids` (in its key or its bytes) is tagged
 * `region`, and each id is named somewhere. `judged` says whether the dump
 * was taken after the data-in-use period (a MUST) or within it (a SHOULD).
 */
export function expectRecordsOnlyIn(records: readonly StoredRecord[], ids: readonly string[], region: string, why: string, judged: 'at rest' | 'in use'): void {
  for (const id of ids) {
    const holding = records.filter((r) => r.key.includes(id) || r.bytes.includes(id));
    expect(holding.length > 0, `nothing at rest names ${id}`, 'the message or media stored somewhere', 'no record');
    const astray = holding.filter((r) => r.region !== region);
    const message = `${why}: ${id} is ${judged === 'at rest' ? 'at rest outside' : 'stored outside'} ${region}${judged === 'in use' ? ' (judged within the 60-minute data-in-use period: the target has no virtual clock)' : ' after the 60-minute data-in-use period'}`;
    const wanted = `every record of ${id} in region ${region}${judged === 'at rest' ? ' once 60 minutes have passed' : ''}`;
    const got = astray.map(where).join(', ');
    if (judged === 'at rest') expect(astray.length === 0, message, wanted, got);
    else should(astray.length === 0, message, wanted, got);
  }
}

/** The LOC check: past the data-in-use period, every record of `ids` is in `region`. */
export async function expectAtRestOnlyIn(world: World, ids: readonly string[], region: string, why: string): Promise<void> {
  const { records, judged } = await storageAfterDataInUse(world);
  expectRecordsOnlyIn(records, ids, region, why, judged);
}
