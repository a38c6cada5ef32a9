// Whether a target delivers to a webhook behind a given certificate: a new
// consumer writes once to the business, and we count the deliveries.

import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import { settleForwarded, timesForwarded } from './inbound-forwarded.ts';

/**
 * Deliveries of one consumer message to `business`. When none is expected,
 * idleness (the attempt made) is enough to count; a target that refuses the
 * certificate never activates or never reaches the webhook either way.
 */
export async function deliveriesOfOneMessage(world: World, business: Business, expectDelivery: boolean, body = 'over TLS?'): Promise<number> {
  const consumer = await world.signalConsumer();
  const sent = await consumer.send(business.waId, { v: 0, type: 'text', text: { body } });
  expect(sent.response.status === 200, 'the transport endpoint refused a genuine envelope', '200', String(sent.response.status));
  return timesForwarded(await settleForwarded(world, business, expectDelivery ? [sent.id] : []), sent.id);
}

/** In production mode, provisioning a business with a plain http:// webhook URL must be refused with a 4xx. */
export async function expectPlainWebhookRefused(world: World): Promise<void> {
  const plain = world.env.server.publicUrl.replace(/^https:/, 'http:');
  const { business, response } = await world.tryBusiness({ webhookBase: plain });
  expect(
    response.status >= 400 && response.status < 500,
    'a business was provisioned with a plain http:// webhook URL in production mode',
    'a 4xx refusal',
    `HTTP ${response.status} for ${business.webhookUrl}`,
  );
}
