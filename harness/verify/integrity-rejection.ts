// An integrity rejection by the transport, as the INT cases drive it: a
// message of a rejected business, and the wait for its `failed` status.

import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import { expectSendAccepted } from './send-response.ts';
import { statusesOf } from './webhook-events.ts';

/**
 * Sends one message and waits for its `failed` status: a template (a business
 * writing first, as to many users at once) or a text inside an open window.
 */
export async function sendUntilFailed(world: World, b: Business, to: string, message: { template: string } | { text: string }): Promise<{ id: string; status: Record<string, unknown> }> {
  const res = 'template' in message ? await world.graph.sendTemplate(b, to, message.template) : await world.graph.sendText(b, to, message.text);
  const id = expectSendAccepted(res, to);
  const failed = await world.waitFor(() => statusesOf(world.webhooks(b), id).find((s) => s.status === 'failed'));
  expect(
    failed !== undefined,
    `message ${id}, rejected by the transport for integrity, never reported failed`,
    'a "failed" status webhook',
    statusesOf(world.webhooks(b), id).map((s) => String(s.status)).join(', ') || 'no status at all',
  );
  return { id, status: failed };
}
