import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectWritten } from '../../harness/verify/consumer-write.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { expectSendAnswered } from '../../harness/verify/send-outcome.ts';
import { expectMarkReadAnswered } from '../../harness/verify/mark-read.ts';
import type { CaseContext } from '../../harness/run/context.ts';
import type { GraphCaller } from '../../harness/target/graph-api.ts';

const UNKNOWN_ID = 'wamid.HBgLnotamessageofthisnumber';

export default defineCase({
  id: 'GRAPH-mark-read',
  title: 'A business marks only incoming messages read (with an optional typing indicator), and the consumer gets the read receipt',
  clause: {
    text: 'Mark read / typing: body {"messaging_product":"whatsapp","status":"read","message_id":"wamid…"} (+ "typing_indicator":{"type":"text"}) → {"success":true}. Only incoming messages can be marked read ("You cannot mark outgoing messages you sent as read"). What an id the number never received answers is not documented: {"success":true} or a Graph error envelope, the same when asked again (SHOULD). Through the Graph API alone the outgoing message is a template to the number given with --to or to one no one has.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; https://developers.facebook.com/docs/whatsapp/cloud-api/guides/mark-message-as-read — "Mark messages as read"; docs/cloud-api-rules.md#mark-as-read-and-typing; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['mark-read-outgoing-accepted'],
  async run(ctx) {
    const { world } = ctx;
    if (!world.has('consumer') || !world.has('control.provision')) {
      // No consumer writes: only the business's own message and an unknown id can be marked.
      const caller = await world.graphCaller();
      const to = world.recipient();
      const own = expectSendAnswered(await world.graph.sendTemplate(caller, to), { to, type: 'template', because: 'a template to mark read afterwards' });
      if (own.accepted) expectGraphError(await world.graph.markRead(caller, own.id), { because: 'marking the business\'s own outgoing message read' });
      await unknownIdTwice(ctx, caller);
      ctx.note(`Graph-only: marking a consumer's message read, and the read receipt and typing indicator the consumer gets, need a consumer (transport.signal or simulate) and control.provision${own.accepted ? '' : `; the template was refused (code ${own.code}), so marking an outgoing message read was not judged`}`);
      return;
    }
    const business = await world.business();
    const consumer = await world.consumer();
    const receipts = () => world.receipts();
    // Through simulation the harness is not the consumer's phone: the receipts it would get are not seen.
    const seesReceipts = world.has('transport.signal');
    if (!seesReceipts) ctx.note('consumers write through simulation: the read receipt and typing indicator the consumer gets need transport.signal');
    for (const typing of [false, true]) {
      const incoming = { id: expectWritten(await consumer.write(business.waId, { v: 0, type: 'text', text: { body: `read me${typing ? ' and type' : ''}` } })) };
      await world.settle();
      const res = await world.graph.markRead(business, incoming.id, typing);
      expect(res.status === 200 && (res.json as { success?: unknown } | undefined)?.success === true, 'marking an incoming message read did not succeed', '200 {"success":true}', showResponse(res.status, res.body));
      if (!seesReceipts) continue;
      const read = await world.waitFor(() => receipts().find((r) => r.type === 'read' && r.to === consumer.waId && r.from === business.waId && r.message_ids.includes(incoming.id)));
      expect(read !== undefined, 'the consumer never received the read receipt', `POST /v0/receipts {"type":"read","from":"${business.waId}","to":"${consumer.waId}","message_ids":["${incoming.id}"]}`, JSON.stringify(receipts()));
      if (typing) {
        const shown = await world.waitFor(() => receipts().find((r) => r.type === 'typing' && r.to === consumer.waId && r.message_ids.includes(incoming.id)));
        expect(shown !== undefined, 'the consumer never received the typing indicator', `POST /v0/receipts {"type":"typing",…,"message_ids":["${incoming.id}"]}`, JSON.stringify(receipts()));
      }
    }
    const outgoing = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'my own message'), consumer.waId);
    await world.settle();
    expectGraphError(await world.graph.markRead(business, outgoing), { because: 'marking the business\'s own outgoing message read' });
    await unknownIdTwice(ctx, business);
  },
});

/** An id the number never received, marked read twice: a documented answer, the same both times. */
async function unknownIdTwice(ctx: CaseContext, caller: GraphCaller): Promise<void> {
  const because = 'marking an unknown message id read';
  const first = expectMarkReadAnswered(await ctx.world.graph.markRead(caller, UNKNOWN_ID), because);
  const again = expectMarkReadAnswered(await ctx.world.graph.markRead(caller, UNKNOWN_ID), `${because} again`);
  ctx.should(again === first, 'marking the same unknown message id read twice answered differently', first, again);
}
