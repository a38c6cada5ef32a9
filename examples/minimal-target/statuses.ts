// Status webhooks for the messages a business sent (PROTOCOL.md §8). A
// message's statuses only move forward: sent → delivered → read; `failed`
// ends it. `biz_opaque_callback_data` rides on every status of its message.

import { changeValue } from './webhooks.ts';
import type { SentMessage, Status, World } from './world.ts';

const RANK: Record<Status, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

export interface StatusError {
  code: number;
  title: string;
  message?: string;
  error_data: { details: string };
}

/** The error a failed status carries when the transport could not deliver (131026, Meta's error codes page). */
export const UNDELIVERABLE: StatusError = {
  code: 131026,
  title: 'Message undeliverable',
  message: 'Message undeliverable',
  error_data: { details: 'The recipient is not on WhatsApp or cannot receive this message.' },
};

export const SOMETHING_WENT_WRONG: StatusError = {
  code: 131000,
  title: 'Something went wrong',
  message: 'Something went wrong',
  error_data: { details: 'The message could not be sent.' },
};

/** The status objects that move `m` to `status` (none if it is there or past it already). */
function advance(world: World, m: SentMessage, status: Status, errors?: StatusError[]): Record<string, unknown>[] {
  const current = m.status ? RANK[m.status] : 0;
  if (m.status === 'failed' || RANK[status] <= current) return [];
  const out: Record<string, unknown>[] = [];
  // A receipt can overtake the transport's answer to the envelope: say `sent` first.
  if (status !== 'failed' && status !== 'sent' && current < RANK.sent) out.push(...advance(world, m, 'sent'));
  m.status = status;
  out.push({
    id: m.id,
    status,
    timestamp: String(world.seconds()),
    recipient_id: m.consumer,
    ...(errors ? { errors } : {}),
    ...(m.opaque !== undefined ? { biz_opaque_callback_data: m.opaque } : {}),
  });
  return out;
}

/** Tells the business, in one webhook, every status change of messages it sent. */
export function reportStatuses(world: World, changes: { message: SentMessage; status: Status; errors?: StatusError[] }[]): void {
  const byBusiness = new Map<string, { business: SentMessage['business']; statuses: Record<string, unknown>[] }>();
  for (const c of changes) {
    const statuses = advance(world, c.message, c.status, c.errors);
    if (statuses.length === 0) continue;
    const key = c.message.business.phoneNumberId;
    const entry = byBusiness.get(key) ?? { business: c.message.business, statuses: [] };
    entry.statuses.push(...statuses);
    byBusiness.set(key, entry);
  }
  for (const { business, statuses } of byBusiness.values()) world.webhooks.send(business, changeValue(business, { statuses }));
}
