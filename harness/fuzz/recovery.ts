// A business's webhook endpoint recovers: the clock walks on in growing steps
// until every consumer message for it has been acknowledged, or until the 7
// days of retries since the outage began have certainly run out.

import { messageEvents } from '../verify/webhook-events.ts';
import { advance, type FuzzModel, type FuzzReal } from './model.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, WEBHOOK_RETRY_MS } from '../core/durations.ts';

const STEPS = [MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 3 * HOUR_MS, 12 * HOUR_MS];

export async function recover(m: FuzzModel, r: FuzzReal, business: number): Promise<void> {
  const b = r.businesses[business]!;
  r.world.env.receivers.setMode(b.key, 'ok');
  const since = m.outageSince.get(business) ?? m.nowMs;
  // Refused for 7 days or more: retries may have run out for anything it held.
  if (m.nowMs - since >= WEBHOOK_RETRY_MS) for (const [id, s] of m.inbound) if (s.business === business) m.mayBeLost.add(id);
  m.outage.delete(business);
  m.outageSince.delete(business);
  const waiting = () => {
    const acked = new Set(messageEvents(r.world.acked(b)).map((e) => String(e.message.id)));
    return [...m.inbound].filter(([id, s]) => s.business === business && !m.mayBeLost.has(id) && !acked.has(id));
  };
  for (let i = 0; ; i++) {
    await advance(m, r, STEPS[i] ?? DAY_MS);
    await r.world.settle();
    if (waiting().length === 0 || m.nowMs > since + WEBHOOK_RETRY_MS + HOUR_MS) break;
  }
}
