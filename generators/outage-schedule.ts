// An outage schedule for one or more businesses' webhook endpoints: each
// business is down in one way (500, hung, reset, slow) for a stretch of
// virtual time from the start, with a few events queued for it meanwhile.

import fc from 'fast-check';
import type { HookMode } from '../harness/core/hook-mode.ts';
import { DAY_MS, MINUTE_MS } from '../harness/core/durations.ts';

export interface Outage {
  mode: Exclude<HookMode, 'ok'>;
  /** Virtual ms from the start during which the endpoint misbehaves. */
  durationMs: number;
  /** Consumer messages sent to the business at the start. */
  events: number;
}

export interface OutageScheduleConstraints {
  /** How many businesses (default 1..3). */
  minBusinesses?: number;
  maxBusinesses?: number;
  /** Longest outage in virtual ms (default 2 days; must stay well under 7 days so retries can still deliver). */
  maxDurationMs?: number;
}


export function outageSchedule(constraints: OutageScheduleConstraints = {}): fc.Arbitrary<Outage[]> {
  const min = constraints.minBusinesses ?? 1;
  const max = constraints.maxBusinesses ?? 3;
  const maxDuration = constraints.maxDurationMs ?? 2 * DAY_MS;
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min)) throw new Error('outageSchedule: need 1 <= minBusinesses <= maxBusinesses');
  if (!(maxDuration >= MINUTE_MS && maxDuration <= 5 * DAY_MS)) throw new Error('outageSchedule: maxDurationMs must be 1 minute..5 days');
  // A hung answer costs real seconds per attempt: it is rare, short (one attempt) and carries one event.
  const hung = fc.record({ mode: fc.constant('timeout' as const), durationMs: fc.integer({ min: 1_000, max: 20_000 }), events: fc.constant(1) });
  const other = fc.record({
    mode: fc.constantFrom('error-500' as const, 'reset' as const, 'slow' as const),
    durationMs: fc.oneof(fc.integer({ min: MINUTE_MS, max: 60 * MINUTE_MS }), fc.integer({ min: MINUTE_MS, max: maxDuration })),
    events: fc.integer({ min: 1, max: 2 }),
  });
  return fc.array(fc.oneof({ weight: 6, arbitrary: other }, { weight: 1, arbitrary: hung }), { minLength: min, maxLength: max });
}
