import { defineCase } from '../../harness/run/define-case.ts';
import { advanceTo, expectWindowClosed, expectWindowOpen } from '../../harness/verify/window.ts';
import { HOUR_MS, SECOND_MS, WINDOW_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'GRAPH-window-per-number-from-last-message',
  title: 'Each business number has its own 24-hour window with a consumer, counted from the consumer\'s last message to that number',
  clause: {
    text: 'Paraphrase of "Customer service windows": when a WhatsApp user messages a business, a 24-hour window opens; each new message from the user restarts it; the business\'s own messages do not. The window is the user\'s with the business number they wrote to: writing to one number opens no other number\'s window. 131047: more than 24 h since the user last wrote to this number.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages — "Customer service windows"; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#24-hour-customer-service-window; docs/cloud-api-rules.md#window-refusal-blocked-consumer-undeliverable-message',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['window-keyed-by-consumer', 'window-from-first-message', 'window-reopened-by-business'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(a, consumer);
    const t0 = world.clock.ms;
    await expectWindowClosed(world, b, consumer, `from ${b.key}, to whom the consumer never wrote (they wrote to ${a.key})`);
    await advanceTo(world, t0, 6 * HOUR_MS);
    await world.openWindow(a, consumer); // a's window now runs to 30 h
    await advanceTo(world, t0, 12 * HOUR_MS);
    await world.openWindow(b, consumer); // b's to 36 h
    await expectWindowOpen(world, a, consumer, `from ${a.key} 12 h after the consumer first wrote`);
    await advanceTo(world, t0, WINDOW_MS + SECOND_MS);
    await expectWindowOpen(world, a, consumer, `from ${a.key} 24 h + 1 s after the consumer's first message, 18 h after their last`);
    await expectWindowOpen(world, b, consumer, `from ${b.key} 12 h after the consumer wrote to it`);
    await advanceTo(world, t0, 6 * HOUR_MS + WINDOW_MS - SECOND_MS);
    await expectWindowOpen(world, a, consumer, `from ${a.key} 24 h - 1 s after the consumer last wrote to it (and after ${a.key}'s own sends)`);
    await advanceTo(world, t0, 6 * HOUR_MS + WINDOW_MS + SECOND_MS);
    await expectWindowClosed(world, a, consumer, `from ${a.key} 24 h + 1 s after the consumer last wrote to it (they wrote to ${b.key} 6 h later)`);
    await expectWindowOpen(world, b, consumer, `from ${b.key} 18 h after the consumer wrote to it`);
    await advanceTo(world, t0, 12 * HOUR_MS + WINDOW_MS - SECOND_MS);
    await expectWindowOpen(world, b, consumer, `from ${b.key} 24 h - 1 s after the consumer wrote to it`);
    await advanceTo(world, t0, 12 * HOUR_MS + WINDOW_MS + SECOND_MS);
    await expectWindowClosed(world, b, consumer, `from ${b.key} 24 h + 1 s after the consumer wrote to it`);
  },
});
