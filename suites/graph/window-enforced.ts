import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { World, Business } from '../../harness/run/world.ts';
import type { ConsumerParty } from '../../harness/parties/consumer-party.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { HOUR_MS } from '../../harness/core/durations.ts';
import { expectSendAnswered } from '../../harness/verify/send-outcome.ts';

const TEMPLATE = { name: 'hello_world', language: { code: 'en_US' } };

/** The free-form send is refused: 131047 at once, or accepted and then `failed` with 131047. */
async function expectOutsideWindow(world: World, business: Business, consumer: ConsumerParty, when: string): Promise<void> {
  const res = await world.graph.sendText(business, consumer.waId, `free-form ${when}`);
  if (res.status !== 200) {
    expectGraphError(res, { statuses: [400], codes: [131047], because: `a free-form message ${when}` });
    return;
  }
  const id = (res.json as { messages?: { id?: string }[] }).messages?.[0]?.id;
  const failed = await world.waitFor(() => statusEvents(world.webhooks(business)).find((s) => s.status.id === id && s.status.status === 'failed'));
  const code = (failed?.status.errors as { code?: unknown }[] | undefined)?.[0]?.code;
  expect(failed !== undefined && code === 131047, `a free-form message ${when} was not refused`, '400 with code 131047, or a failed status with errors[0].code 131047', `${showResponse(res.status, res.body)}; status: ${failed ? JSON.stringify(failed.status) : 'no failed status within 5 s'}`);
}

export default defineCase({
  id: 'GRAPH-window-enforced',
  title: 'Free-form messages only within 24 h of the consumer\'s last message; templates any time; business messages do not reopen the window',
  clause: {
    text: '24-hour rule: free-form (non-template) messages only within 24 h of the user\'s last message to that business number; business sends do not reopen it. 131047: more than 24 h since the user last wrote (send a template). Through the Graph API alone no window is known to be open or closed: a free-form send to the number given with --to or to one no one has may answer 200 or 131047, both accepted; a template is never refused with 131047 (the 200 answer, or another documented refusal: 131026, 131030, 100/131009, 132001, 130429/131056).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages — "Customer service windows"; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#24-hour-customer-service-window; docs/cloud-api-rules.md#window-refusal-blocked-consumer-undeliverable-message',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['window-not-enforced', 'window-reopened-by-business', 'template-refused', 'window-from-first-message'],
  async run(ctx) {
    const { world } = ctx;
    if (!['consumer', 'webhooks', 'control.provision', 'control.clock'].every((c) => world.has(c))) {
      // Whether the window is open is the consumer's doing and the clock's: the harness plays neither here.
      const caller = await world.graphCaller();
      const to = world.recipient();
      const freeForm = async (when: string): Promise<void> => {
        expectSendAnswered(await world.graph.sendText(caller, to, `free-form ${when}`), { to, type: 'text', because: `a free-form message ${when}` });
      };
      await freeForm('with no window known');
      const template = expectSendAnswered(await world.graph.sendTemplate(caller, to), { to, type: 'template', because: 'a template' });
      await freeForm('after the business sent a template');
      ctx.note(`Graph-only: the window itself (closed before the consumer writes and 24 h after, not reopened by the business) needs a consumer (transport.signal or simulate), webhooks, control.provision and control.clock${template.accepted ? '' : `; the template was refused (code ${template.code})`}`);
      return;
    }
    const business = await world.business();
    const consumer = await world.consumer();
    await expectOutsideWindow(world, business, consumer, 'to a consumer who never wrote');
    expectSendAccepted(await world.graph.sendMessage(business, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'template', template: TEMPLATE }), consumer.waId);
    await world.openWindow(business, consumer);
    expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'inside the window'), consumer.waId);
    await world.advanceClock(23 * HOUR_MS);
    expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'after 23 h'), consumer.waId);
    await world.advanceClock(HOUR_MS + 1_000);
    await expectOutsideWindow(world, business, consumer, '24 h and 1 s after the consumer last wrote');
    expectSendAccepted(await world.graph.sendMessage(business, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'template', template: TEMPLATE }), consumer.waId);
    await expectOutsideWindow(world, business, consumer, 'after the business sent a template outside the window');
    await world.openWindow(business, consumer);
    expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'the consumer wrote again'), consumer.waId);
  },
});
