// How often each inbound message reached a business's webhook.

import type { Business, World } from '../core/world.ts';
import { messageEvents, type MessageEvent } from './webhook-events.ts';

/** Waits until every id was forwarded (or 5 s passed), then lets anything still queued arrive. */
export async function settleForwarded(world: World, business: Business, ids: readonly string[]): Promise<MessageEvent[]> {
  await world.waitFor(() => (ids.every((id) => messageEvents(world.webhooks(business)).some((e) => e.message.id === id)) ? true : undefined));
  await world.settle();
  return messageEvents(world.webhooks(business));
}

export const timesForwarded = (events: readonly MessageEvent[], id: string): number => events.filter((e) => e.message.id === id).length;
