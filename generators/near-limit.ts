// How far from a time limit (30-day retention, 7-day media ids) a property
// looks: a second to the largest sweep granularity after it, a second to a
// day before it, the edges most often.

import fc from 'fast-check';
import { DAY_MS, MAX_GRANULARITY_MS } from '../harness/core/durations.ts';

/** How far past a limit: a second to an hour, the edges most often. */
export const justAfter = (): fc.Arbitrary<number> => fc.oneof(fc.constant(1_000), fc.constant(MAX_GRANULARITY_MS), fc.integer({ min: 1_000, max: MAX_GRANULARITY_MS }));

/** How far before a limit: a second to a day. */
export const justBefore = (): fc.Arbitrary<number> => fc.oneof(fc.constant(1_000), fc.integer({ min: 1_000, max: DAY_MS }));

/** One side of a limit, how far from it on each side, and a tag for the canary: the media retention properties. */
export const eitherSideOfLimit = () =>
  fc.record({ side: fc.constantFrom('before' as const, 'after' as const), before: justBefore(), after: justAfter(), tag: fc.stringMatching(/^[a-z0-9]{8}$/) });
