import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectGraphError, NOT_YOUR_NUMBER } from '../../harness/verify/graph-error.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'GRAPH-tenant-isolation',
  title: 'A valid token of business A used on business B\'s phone-number id is refused (403 permission error, or 400 code 100) and nothing is sent',
  clause: {
    text: '10, 200–299 permission denied (403); 131005 access denied (403). Graph also answers 100 with HTTP 400 for an object the token cannot load ("does not exist, cannot be loaded due to missing permissions", error_subcode 33): accepted too. Envelope graded as in GRAPH-error-envelope (WhatsApp error codes; Graph API error handling).',
    source: 'https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#permissions-between-businesses; docs/cloud-api-rules.md#permission-codes',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['no-tenant-check'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.consumer();
    // The consumer wrote to B, so only the tenant check stands between A and a delivered message.
    await world.openWindow(b, consumer);
    await ctx.property(outboundMessage({ types: ['text', 'image', 'location', 'interactive'] }), async (m) => {
      const before = world.relayedEnvelopes().length;
      const res = await world.graph.sendMessage({ accessToken: a.accessToken, phoneNumberId: b.phoneNumberId }, sendBody(consumer.waId, m));
      expectGraphError(res, { ...NOT_YOUR_NUMBER, because: 'business A\'s token on business B\'s phone-number id' });
      await world.settle();
      const sent = world.relayedEnvelopes().slice(before).filter((e) => e.to === consumer.waId);
      expect(sent.length === 0, 'a message went out on business B\'s number on business A\'s token', 'no envelope on the transport', `${sent.length} envelope(s) from ${sent.map((e) => e.from).join(', ')}`);
    }, { runs: Math.min(ctx.runs, 10) });
  },
});
