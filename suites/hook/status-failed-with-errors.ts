import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { statusesOf } from '../../harness/verify/webhook-events.ts';
import { statusErrorsProblem } from '../../harness/verify/status-errors.ts';

// 131026 is the documented meaning (message undeliverable); 131000 (something
// went wrong) is the generic code a target that does not tell refusals apart
// may use. Any other code names a different cause (window, spam, …).
const ACCEPTED_CODES = [131026, 131000];

export default defineCase({
  id: 'HOOK-status-failed-with-errors',
  title: 'A message the transport cannot deliver (unknown recipient, undeliverable) gets a `failed` status with an `errors` array, never `sent`',
  clause: {
    text: 'Paraphrase of Meta: a message that cannot be delivered gets a failed status whose errors are {code, title, message, error_data: {details}}; 131026 is "message undeliverable". Codes accepted: 131026 and 131000 (something went wrong, the generic code).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/errors; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#webhook-statuses; docs/cloud-api-rules.md#window-refusal-blocked-consumer-undeliverable-message; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
  },
  severity: 'MUST',
  requires: ['webhooks', 'graph.messages', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['failed-status-without-errors', 'unknown-recipient-reported-sent'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    // Registered on the transport, but the transport refuses every envelope to it (410).
    const unreachable = await world.signalConsumer();
    world.makeUndeliverable(unreachable.waId);
    await world.openWindow(business, unreachable);

    const judgeFailed = async (id: string, recipient: string, what: string) => {
      const failed = await world.waitFor(() => statusesOf(world.webhooks(business), id).find((s) => s.status === 'failed'));
      expect(failed !== undefined, `no "failed" status for a message ${what}`, `a status "failed" for ${id}`, statusesOf(world.webhooks(business), id).map((s) => s.status).join(', ') || 'no status at all');
      await world.settle();
      const problem = statusErrorsProblem(failed.errors);
      expect(problem === null, `the failed status of a message ${what} has no proper errors array: ${problem}`, 'errors: [{code, title, message?, error_data: {details}}]', JSON.stringify(failed));
      const code = (failed.errors as Array<{ code: number }>)[0]!.code;
      expect(ACCEPTED_CODES.includes(code), `the failed status of a message ${what} has code ${code}`, `errors[0].code one of ${ACCEPTED_CODES.join(', ')}`, JSON.stringify(failed.errors));
      expect(failed.recipient_id === recipient, `the failed status names another recipient`, `recipient_id ${recipient}`, String(failed.recipient_id));
      const others = statusesOf(world.webhooks(business), id).filter((s) => s.status !== 'failed').map((s) => String(s.status));
      expect(others.length === 0, `a message ${what} was also reported ${others.join(', ')}`, 'only "failed"', statusesOf(world.webhooks(business), id).map((s) => s.status).join(', '));
    };

    // Nobody registered on the transport: any number that is not one of this world's parties.
    // Not shrunk: a target that never reports `failed` costs a waitFor timeout per attempt.
    const unknownNumber = fc.noShrink(fc.stringMatching(/^[1-9][0-9]{10,13}$/).filter((n) => n !== business.waId && !world.consumers.some((c) => c.waId === n)));
    await ctx.property(
      unknownNumber,
      async (to) => {
        const unknownId = expectSendAccepted(await world.graph.sendTemplate(business, to), to);
        await judgeFailed(unknownId, to, 'to a number nobody registered on the transport');
        const refusedId = expectSendAccepted(await world.graph.sendText(business, unreachable.waId, 'refused by the transport'), unreachable.waId);
        await judgeFailed(refusedId, unreachable.waId, 'the transport answered 410 undeliverable for');
      },
      { runs: Math.min(ctx.runs, 3) },
    );
  },
});
