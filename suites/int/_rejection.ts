// Shared by the INT rejection cases: a business the transport rejects for
// integrity, and the status webhooks of its messages.

import { expect } from '../../harness/run/context.ts';
import type { Business, World } from '../../harness/run/world.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';

/** A retry-after long enough that no case reaches its end by accident. */
export const RETRY_AFTER_MS = 3_600_000;

export const statusesOf = (world: World, b: Business, id: string) =>
  statusEvents(world.webhooks(b)).filter((e) => e.status.id === id).map((e) => e.status);

/**
 * Sends one message and waits for its `failed` status: a template (a business
 * writing first, as to many users at once) or a text inside an open window.
 */
export async function sendUntilFailed(world: World, b: Business, to: string, message: { template: string } | { text: string }): Promise<{ id: string; status: Record<string, unknown> }> {
  const res = 'template' in message ? await world.graph.sendTemplate(b, to, message.template) : await world.graph.sendText(b, to, message.text);
  const id = expectSendAccepted(res, to);
  const failed = await world.waitFor(() => statusesOf(world, b, id).find((s) => s.status === 'failed'));
  expect(
    failed !== undefined,
    `message ${id}, rejected by the transport for integrity, never reported failed`,
    'a "failed" status webhook',
    statusesOf(world, b, id).map((s) => String(s.status)).join(', ') || 'no status at all',
  );
  return { id, status: failed };
}
