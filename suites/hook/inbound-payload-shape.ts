import { isDeepStrictEqual } from 'node:util';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { showJson } from '../../harness/verify/show.ts';
import { inboundContent } from '../../generators/inbound-content.ts';

const contactsOf = (json: unknown): unknown => {
  const value = (json as { entry?: Array<{ changes?: Array<{ value?: { contacts?: unknown } }> }> })?.entry?.[0]?.changes?.[0]?.value;
  return value?.contacts;
};

export default defineCase({
  id: 'HOOK-inbound-payload-shape',
  title: 'Every inbound type reaches the webhook in the documented shape, with seconds timestamps and the sender\'s wa_id',
  clause: {
    text: 'Body: {"object":"whatsapp_business_account","entry":[{"id":<WABA id>,"changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number","phone_number_id"},"contacts":[{"profile":{"name"},"wa_id"}],"messages":[{"from","id","timestamp":"<unix seconds as string>","type",…}]}}]}]}',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#webhook-payload-shape; harness/PROTOCOL.md#7-plaintext-inside-signal-messages',
  },
  severity: 'MUST',
  requires: ['webhooks', 'consumer', 'control.provision', 'control.clock'],
  faults: ['webhook-timestamp-milliseconds'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await ctx.property(inboundContent(), async (content) => {
      // Move the clock so a timestamp in another unit cannot match by accident.
      await world.advanceClock(1_000 + (content.type.length * 7_919) % 60_000);
      const sentAt = world.clock.seconds;
      const sent = await consumer.write(business.waId, content);
      const event = await world.waitFor(() => messageEvents(world.webhooks(business)).find((e) => e.message.id === sent.id));
      expect(event !== undefined, `the consumer's ${content.type} message never reached the webhook`, `a messages webhook with id ${sent.id}`, 'none within 5 s');
      const m = event.message;
      const json = event.delivery.json as { object?: unknown; entry?: Array<{ id?: unknown; changes?: Array<{ field?: unknown; value?: Record<string, unknown> }> }> };
      const value = json.entry?.[0]?.changes?.[0]?.value ?? {};
      const metadata = value.metadata as { phone_number_id?: unknown; display_phone_number?: unknown } | undefined;
      const contacts = contactsOf(json) as Array<{ wa_id?: unknown }> | undefined;
      const expected: Record<string, unknown> = { from: consumer.waId, id: sent.id, timestamp: String(sentAt), type: content.type, [content.type]: content[content.type] };
      const envelopeOk =
        json.object === 'whatsapp_business_account' &&
        json.entry?.[0]?.id === business.wabaId &&
        json.entry?.[0]?.changes?.[0]?.field === 'messages' &&
        value.messaging_product === 'whatsapp' &&
        metadata?.phone_number_id === business.phoneNumberId &&
        metadata?.display_phone_number === business.waId &&
        contacts?.[0]?.wa_id === consumer.waId;
      expect(
        envelopeOk,
        'the webhook envelope around an inbound message is not the documented one',
        showJson({ object: 'whatsapp_business_account', entry: [{ id: business.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: business.waId, phone_number_id: business.phoneNumberId }, contacts: [{ wa_id: consumer.waId }] } }] }] }),
        showJson({ object: json.object, entry: [{ id: json.entry?.[0]?.id, changes: [{ field: json.entry?.[0]?.changes?.[0]?.field, value: { messaging_product: value.messaging_product, metadata, contacts } }] }] }),
      );
      const contextOk = content.context === undefined || (m.context as { id?: unknown } | undefined)?.id === content.context.message_id;
      const same = Object.entries(expected).every(([k, v]) => isDeepStrictEqual(m[k], v));
      expect(
        same && contextOk,
        `the ${content.type} message is not forwarded as sent, or its timestamp is not the virtual-clock seconds`,
        showJson({ ...expected, ...(content.context ? { context: { id: content.context.message_id } } : {}) }),
        showJson(m),
      );
    }, { runs: ctx.runs });
  },
});
