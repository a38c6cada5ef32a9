// Webhook payloads (PROTOCOL.md §8) taken apart into the events cases judge.

import type { WebhookDelivery } from '../parties/webhook-receiver.ts';

export interface MessageEvent {
  delivery: WebhookDelivery;
  phoneNumberId: unknown;
  message: Record<string, unknown>;
}

export interface StatusEvent {
  delivery: WebhookDelivery;
  status: Record<string, unknown>;
}

function values(d: WebhookDelivery): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const entries = (d.json as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return out;
  for (const e of entries) {
    const changes = (e as { changes?: unknown })?.changes;
    if (!Array.isArray(changes)) continue;
    for (const c of changes) {
      const v = (c as { value?: unknown })?.value;
      if (typeof v === 'object' && v !== null) out.push(v as Record<string, unknown>);
    }
  }
  return out;
}

export function messageEvents(deliveries: readonly WebhookDelivery[]): MessageEvent[] {
  return deliveries.flatMap((delivery) =>
    values(delivery).flatMap((v) =>
      (Array.isArray(v.messages) ? v.messages : []).map((message) => ({
        delivery,
        phoneNumberId: (v.metadata as Record<string, unknown> | undefined)?.phone_number_id,
        message: message as Record<string, unknown>,
      })),
    ),
  );
}

export function statusEvents(deliveries: readonly WebhookDelivery[]): StatusEvent[] {
  return deliveries.flatMap((delivery) =>
    values(delivery).flatMap((v) => (Array.isArray(v.statuses) ? v.statuses : []).map((status) => ({ delivery, status: status as Record<string, unknown> }))),
  );
}

/** The `statuses` entries, in order of delivery, that name message `id`. */
export function statusesOf(deliveries: readonly WebhookDelivery[], id: string): Array<Record<string, unknown>> {
  return statusEvents(deliveries).filter((e) => e.status.id === id).map((e) => e.status);
}
