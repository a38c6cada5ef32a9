import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectGraphError, NOT_YOUR_NUMBER } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'GRAPH-tenant-isolation',
  title: 'A valid token of business A used on business B\'s phone-number id is refused (403 permission error, or 400 code 100) and nothing is sent; nor may B mark A\'s message read',
  clause: {
    text: '10, 200–299 permission denied (403); 131005 access denied (403). Graph also answers 100 with HTTP 400 for an object the token cannot load ("does not exist, cannot be loaded due to missing permissions", error_subcode 33): accepted too. Envelope graded as in GRAPH-error-envelope (WhatsApp error codes; Graph API error handling).',
    source: 'https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#permissions-between-businesses; docs/cloud-api-rules.md#permission-codes',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['no-tenant-check'],
  async run(ctx) {
    const { world } = ctx;
    const [a, b] = await world.twoGraphCallers();
    // With the transport, the consumer writes to B, so only the tenant check stands between A and a delivered
    // message, and the transport shows nothing went out. Without it, templates: the window is not in question.
    const delivery = world.has('transport.signal') && world.has('control.provision');
    const consumer = delivery ? await world.signalConsumer() : undefined;
    if (consumer) await world.openWindow(world.businesses.find((x) => x.phoneNumberId === b.phoneNumberId)!, consumer);
    else ctx.note('that nothing went out on business B\'s number was not judged: it needs the transport');
    const to = consumer?.waId ?? world.recipient();
    const types = consumer ? (['text', 'image', 'location', 'interactive'] as const) : (['template'] as const);
    await ctx.property(outboundMessage({ types }), async (m) => {
      const before = world.relayedEnvelopes().length;
      const res = await world.graph.sendMessage({ accessToken: a.accessToken, phoneNumberId: b.phoneNumberId }, sendBody(to, m));
      expectGraphError(res, { ...NOT_YOUR_NUMBER, because: 'business A\'s token on business B\'s phone-number id' });
      if (!consumer) return;
      await world.settle();
      const sent = world.relayedEnvelopes().slice(before).filter((e) => e.to === consumer.waId);
      expect(sent.length === 0, 'a message went out on business B\'s number on business A\'s token', 'no envelope on the transport', `${sent.length} envelope(s) from ${sent.map((e) => e.from).join(', ')}`);
    }, { runs: Math.min(ctx.runs, 10) });

    // A's message is not B's to mark read: B's token on A's number, with the id of a message A sent.
    const sent = await world.graph.sendTemplate(a, to);
    const messageId = (sent.json as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
    if (sent.status === 200 && typeof messageId === 'string') {
      expectGraphError(await world.graph.markRead({ accessToken: b.accessToken, phoneNumberId: a.phoneNumberId }, messageId), { ...NOT_YOUR_NUMBER, because: 'business B\'s token marking read a message on business A\'s number' });
    } else {
      ctx.note(`mark read across businesses was not judged: business A's template send answered ${showResponse(sent.status, sent.body)}`);
    }
  },
});
