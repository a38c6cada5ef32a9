import { defineCase } from '../../harness/run/define-case.ts';
import { advanceTo, expectWindowClosed, expectWindowOpen } from '../../harness/verify/window.ts';
import { HOUR_MS, SECOND_MS, WINDOW_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'GRAPH-window-survives-restart',
  title: 'A 24-hour window the consumer opened before the target restarted is still open after it, and still closes 24 h after their message',
  clause: {
    text: 'Paraphrase of "Customer service windows": when a WhatsApp user messages a business, a 24-hour window opens in which the business may send any message. Protocol: a restart (control.restart) keeps everything the target acknowledged, so the window is measured from the consumer\'s message whatever happened to the target since.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages — "Customer service windows"; docs/cloud-api-rules.md#24-hour-customer-service-window; harness/PROTOCOL.md#3-virtual-clock-and-idleness',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'control.restart'],
  faults: ['window-lost-on-restart'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(a, consumer);
    const t0 = world.clock.ms;
    await advanceTo(world, t0, 2 * HOUR_MS);
    await world.openWindow(b, consumer);
    await advanceTo(world, t0, 3 * HOUR_MS);
    await world.restart();
    await world.settle();
    await advanceTo(world, t0, 4 * HOUR_MS);
    await expectWindowOpen(world, a, consumer, `from ${a.key} after a restart, 4 h after the consumer wrote to it`);
    await expectWindowOpen(world, b, consumer, `from ${b.key} after a restart, 2 h after the consumer wrote to it`);
    await advanceTo(world, t0, WINDOW_MS - SECOND_MS);
    await expectWindowOpen(world, a, consumer, `from ${a.key} 24 h - 1 s after the consumer wrote to it, a restart in between`);
    await advanceTo(world, t0, WINDOW_MS + SECOND_MS);
    await expectWindowClosed(world, a, consumer, `from ${a.key} 24 h + 1 s after the consumer wrote to it`);
    await expectWindowOpen(world, b, consumer, `from ${b.key} 22 h after the consumer wrote to it`);
    await advanceTo(world, t0, 2 * HOUR_MS + WINDOW_MS + SECOND_MS);
    await expectWindowClosed(world, b, consumer, `from ${b.key} 24 h + 1 s after the consumer wrote to it`);
  },
});
