import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { showJson } from '../../harness/verify/show.ts';
import { expectWritten } from '../../harness/verify/consumer-write.ts';
import { hostileText } from '../../generators/hostile-text.ts';

export default defineCase({
  id: 'HOOK-inbound-text-exact',
  title: 'A consumer\'s text reaches the business webhook exactly as sent',
  clause: {
    text: '"Once a message is received by the Cloud API, it gets decrypted and forwarded to the Business." The webhook carries exactly the text the user sent.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#signal-end-to-end',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision'],
  faults: ['inbound-text-trimmed'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await ctx.property(hostileText(), async (body) => {
      const sent = { id: expectWritten(await consumer.write(business.waId, { v: 0, type: 'text', text: { body } })) };
      const event = await world.waitFor(() => messageEvents(world.webhooks(business)).find((e) => e.message.id === sent.id));
      expect(event !== undefined, 'the consumer\'s message never reached the business webhook', `a messages webhook with id ${sent.id}`, 'none within 5 s');
      const m = event.message as { from?: unknown; type?: unknown; text?: { body?: unknown } };
      expect(
        m.type === 'text' && m.text?.body === body && m.from === consumer.waId,
        'the webhook does not carry the consumer\'s text exactly',
        showJson({ from: consumer.waId, id: sent.id, type: 'text', text: { body } }),
        showJson(m),
      );
    });
  },
});
