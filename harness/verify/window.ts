// Probing the 24-hour customer-service window of one business–consumer pair
// with a free-form send (docs/cloud-api-rules.md#24-hour-customer-service-window):
// inside, the send is accepted and never fails for the window; outside, it is
// refused with 131047 at once or accepted and then `failed` with 131047
// (docs/cloud-api-rules.md#window-refusal-blocked-consumer-undeliverable-message).

import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import type { Consumer } from '../parties/consumer.ts';
import { expectSendAccepted } from './send-response.ts';
import { expectGraphError } from './graph-error.ts';
import { statusEvents } from './webhook-events.ts';
import { showResponse } from './show.ts';

const WINDOW_CLOSED = 131047;

const failedFor = (world: World, business: Business, id: string | undefined) =>
  statusEvents(world.webhooks(business)).find((s) => s.status.id === id && s.status.status === 'failed');

const codeOf = (status: Record<string, unknown> | undefined): unknown => (status?.errors as { code?: unknown }[] | undefined)?.[0]?.code;

/** A free-form send `when` the window is open: accepted, and no `failed` status for the window follows. */
export async function expectWindowOpen(world: World, business: Business, consumer: Consumer, when: string): Promise<string> {
  const res = await world.graph.sendText(business, consumer.waId, `free-form ${when}`);
  expect(res.status === 200, `a free-form message ${when} was refused`, `200: the consumer's window with ${business.key} is open`, showResponse(res.status, res.body));
  const id = expectSendAccepted(res, consumer.waId);
  await world.settle();
  const failed = failedFor(world, business, id);
  expect(codeOf(failed?.status) !== WINDOW_CLOSED, `a free-form message ${when} failed as outside the window`, `no failed status with code ${WINDOW_CLOSED}`, JSON.stringify(failed?.status));
  return id;
}

/** A free-form send `when` the window is closed: 131047 at once, or accepted and then `failed` with 131047. */
export async function expectWindowClosed(world: World, business: Business, consumer: Consumer, when: string): Promise<void> {
  const res = await world.graph.sendText(business, consumer.waId, `free-form ${when}`);
  if (res.status !== 200) {
    expectGraphError(res, { statuses: [400], codes: [WINDOW_CLOSED], because: `a free-form message ${when}` });
    return;
  }
  const id = (res.json as { messages?: { id?: string }[] }).messages?.[0]?.id;
  const failed = await world.waitFor(() => failedFor(world, business, id));
  expect(
    failed !== undefined && codeOf(failed.status) === WINDOW_CLOSED,
    `a free-form message ${when} was not refused`,
    `400 with code ${WINDOW_CLOSED}, or a failed status with errors[0].code ${WINDOW_CLOSED}`,
    `${showResponse(res.status, res.body)}; status: ${failed ? JSON.stringify(failed.status) : 'no failed status within 5 s'}`,
  );
}

/** Moves the virtual clock to `offsetMs` after `originMs` (never back). */
export async function advanceTo(world: World, originMs: number, offsetMs: number): Promise<void> {
  const by = originMs + offsetMs - world.clock.ms;
  if (by > 0) await world.advanceClock(by);
}
