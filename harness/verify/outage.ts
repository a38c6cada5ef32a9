// Walking the virtual clock through a webhook outage: which events a business
// has had acknowledged, and a stepping plan fine enough early on to see
// retry intervals and coarse later to reach days cheaply.

import type { Business, World } from '../run/world.ts';
import type { WebhookDelivery } from '../parties/webhook-receiver.ts';
import { messageEvents, statusEvents } from './webhook-events.ts';
import { HOUR_MS, MINUTE_MS } from '../core/durations.ts';

/** Ids (message or status id:status) of every event in these deliveries. */
export function eventKeys(deliveries: readonly WebhookDelivery[]): Set<string> {
  const keys = new Set<string>();
  for (const e of messageEvents(deliveries)) keys.add(String(e.message.id));
  for (const e of statusEvents(deliveries)) keys.add(`${String(e.status.id)}:${String(e.status.status)}`);
  return keys;
}

/** The ids among `ids` that the business has not had acknowledged yet. */
export function missingEvents(world: World, b: Business, ids: readonly string[]): string[] {
  const acked = eventKeys(world.acked(b));
  return ids.filter((id) => !acked.has(id));
}

/** Step sizes (virtual ms) from the start of an outage: 1 min for 40 min, 10 min to 6 h, then 1 h. */
export function stepAt(elapsedMs: number): number {
  if (elapsedMs < 40 * MINUTE_MS) return MINUTE_MS;
  if (elapsedMs < 6 * HOUR_MS) return 10 * MINUTE_MS;
  return HOUR_MS;
}

/** Advances by `ms` and lets every delivery it starts finish. */
export async function advanceAndSettle(world: World, ms: number): Promise<void> {
  await world.advanceClock(ms);
  await world.settle();
}

/** Every delivery attempt of one event (by event key), in arrival order. */
export function attemptsOf(world: World, b: Business, key: string): WebhookDelivery[] {
  return world.webhooks(b).filter((d) => eventKeys([d]).has(key));
}
