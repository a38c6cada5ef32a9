// The arguments many fuzz commands share, drawn and read back the same way
// by each: which business, which consumer, a text body, a message of any
// type. A command's own arguments stay in its file (its `declaration`).

import fc from 'fast-check';
import { textBody } from '../../generators/text-body.ts';
import { OUTBOUND_TYPES } from '../../generators/outbound-message.ts';
import { type OutboundMessage } from '../../generators/outbound-shape.ts';
import { ArgReader } from './command-data.ts';
import { BUSINESSES, CONSUMERS } from './model.ts';

/**
 * Index i drawn with weight n - i (b0 two thirds of the time; c0 a half, c1
 * a third). Many faults need two steps on one business–consumer pair (a
 * consumer writes, then a burst in the window it opened): skewed draws pair
 * up more often than uniform ones, and every index stays reachable.
 */
function skewedIndex(n: number): fc.Arbitrary<number> {
  return fc.constantFrom(...Array.from({ length: n }, (_, i) => Array<number>(n - i).fill(i)).flat());
}

export const business = skewedIndex(BUSINESSES);
export const consumer = skewedIndex(CONSUMERS);
/** A text body of up to 300 characters. */
export const body = textBody({ maxLength: 300 });

/** The `business` argument of a step. */
export const readBusiness = (a: ArgReader): number => a.int('business', 0, BUSINESSES - 1);
/** The `consumer` argument of a step. */
export const readConsumer = (a: ArgReader): number => a.int('consumer', 0, CONSUMERS - 1);

/** The `message` argument of a step: any outbound type, its payload, an optional reply context. */
export function readOutboundMessage(a: ArgReader): OutboundMessage {
  const m = new ArgReader('sendAnyType message', a.object('message'));
  const msg: OutboundMessage = { type: m.oneOf('type', OUTBOUND_TYPES), payload: m.json('payload') };
  const context = a.object('message').context;
  if (context !== undefined && context !== null) msg.context = { message_id: new ArgReader('sendAnyType message.context', m.object('context')).str('message_id') };
  return msg;
}
