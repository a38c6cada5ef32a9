import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { granularity, scanStorage } from '../../harness/verify/retention.ts';
import { messageId } from '../../harness/verify/storage-secrets.ts';
import { DAY_MS, HOUR_MS, RETENTION_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'RET-retention-clock-survives-restart',
  title: 'The 30 days of a message count from when the target accepted it, across a restart: retransmitted until then, gone after',
  clause: {
    text: '"Messages have a maximum retention period of 30 days in order to provide the base features and functionality of the Cloud API service; for example, retransmissions. After 30 days, these features and functionality are no longer available." Protocol: ages count from when the target accepted the message; a restart changes nothing of them.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#retention-30-days; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision', 'control.clock', 'control.idle', 'control.storage', 'control.restart', 'retention'],
  faults: ['retention-clock-from-restart'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    const business = await world.business();
    const online = await world.signalConsumer();
    const offline = await world.signalConsumer();
    const inbound = await online.send(business.waId, { v: 0, type: 'text', text: { body: 'before the restart' } });
    await world.settle();
    const reply = expectSendAccepted(await world.graph.sendText(business, online.waId, 'reply before the restart'), online.waId);
    await expectDecryptedByConsumer(world, online, reply);
    world.takeOffline(offline.waId);
    const waiting = expectSendAccepted(await world.graph.sendTemplate(business, offline.waId), offline.waId);
    await world.settle();
    const t0 = world.clock.ms;
    await world.advanceClock(10 * DAY_MS);
    await world.restart();
    await world.settle();
    // Before the 30 days: still retransmitted to a consumer who comes back.
    await world.advanceClock(t0 + RETENTION_MS - HOUR_MS - g - world.clock.ms);
    world.bringOnline(offline.waId);
    await world.advanceClock(g);
    await world.settle();
    await expectDecryptedByConsumer(world, offline, waiting);
    // After them: nothing of the messages stored before the restart is left.
    await world.advanceClock(t0 + RETENTION_MS + HOUR_MS + g - world.clock.ms);
    await world.settle();
    const findings = await scanStorage(world, [messageId(inbound.id), messageId(reply), messageId(waiting)]);
    expectNoLeaks(findings, '30 days + 1 h after messages stored before a restart, the target still stores them', 'no record naming any of them (the restart 10 days in does not restart their 30 days)');
  },
});
