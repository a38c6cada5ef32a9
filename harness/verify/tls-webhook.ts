// Whether a target delivers to a webhook behind a given certificate: a new
// consumer writes once to the business, and we count the deliveries.

import { expect } from '../core/context.ts';
import type { Business, World } from '../core/world.ts';
import { settleForwarded, timesForwarded } from './inbound-forwarded.ts';

/**
 * Deliveries of one consumer message to `business`. When none is expected,
 * idleness (the attempt made) is enough to count; a target that refuses the
 * certificate never activates or never reaches the webhook either way.
 */
export async function deliveriesOfOneMessage(world: World, business: Business, expectDelivery: boolean, body = 'over TLS?'): Promise<number> {
  const consumer = await world.consumer();
  const sent = await consumer.send(business.waId, { v: 0, type: 'text', text: { body } });
  expect(sent.response.status === 200, 'the transport endpoint refused a genuine envelope', '200', String(sent.response.status));
  return timesForwarded(await settleForwarded(world, business, expectDelivery ? [sent.id] : []), sent.id);
}
