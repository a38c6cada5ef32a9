// A consumer's message must be taken by the target, whichever way it came
// (an envelope on the transport endpoint, the simulation surface, an adapter).

import { expect } from '../core/expect.ts';
import type { Written } from '../parties/consumer-party.ts';

/** Fails the case when the target refused the message; returns the id its webhook carries. */
export function expectWritten(w: Written, what = 'the consumer\'s message'): string {
  expect(w.refusal === undefined, `the target refused ${what}`, `HTTP 200 on ${w.via}`, w.refusal ?? '');
  return w.id;
}
