// How often each inbound message reached a business's webhook.

import type { Business, World } from '../run/world.ts';
import { messageEvents, type MessageEvent } from './webhook-events.ts';

/**
 * Waits until every id was forwarded, then lets anything still queued arrive.
 * Callers need `control.idle`: each poll waits for the target to be idle, when
 * every delivery due has been attempted, so a short deadline loses nothing and
 * a message that never comes costs little.
 */
export async function settleForwarded(world: World, business: Business, ids: readonly string[]): Promise<MessageEvent[]> {
  await world.waitFor(() => (ids.every((id) => messageEvents(world.webhooks(business)).some((e) => e.message.id === id)) ? true : undefined), 1_500);
  await world.settle();
  return messageEvents(world.webhooks(business));
}

export const timesForwarded = (events: readonly MessageEvent[], id: string): number => events.filter((e) => e.message.id === id).length;
