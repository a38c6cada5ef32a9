import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { canary } from '../../generators/canary.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { TELEMETRY_FLUSH_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'INT-spam-report-signal-transport-only',
  title: 'A consumer\'s spam report becomes a per-business integrity signal on the transport, and only there',
  clause: {
    text: 'Paraphrase of Meta: WhatsApp collects spam reports from users. Meta\'s visibility table: integrity signals, per business, held by the WhatsApp client; available to the rest of Meta: no; to WhatsApp: yes.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#41-integrity-decisions-and-signals-capability-transportintegrity; harness/PROTOCOL.md#51-spam-reports-and-billing-notices',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.integrity'],
  faults: ['integrity-signal-to-telemetry'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const notices = world.transportNotices();
    await ctx.property(
      canary().map((c) => `SPAM${c}`),
      async (reportId) => {
        const res = await notices.spamReport({ report_id: reportId, from: consumer.waId, to: business.waId, timestamp: world.clock.seconds });
        expect(res.status === 200, 'the spam report was not acknowledged', '200 {"ok": true}', `HTTP ${res.status}`);
        const signal = await world.waitFor(() =>
          world.integritySignals().find((s) => (s as Record<string, unknown>).report_id === reportId) as Record<string, unknown> | undefined,
        );
        expect(signal !== undefined, 'no integrity signal for the spam report reached the transport', `POST /v0/integrity-signals with report_id ${reportId}`, 'none within 5 s');
        expect(signal.business === business.waId, 'the integrity signal does not name the reported business', `business ${business.waId}`, JSON.stringify(signal));
        await world.advanceClock(TELEMETRY_FLUSH_MS);
        await world.settle();
        const log = world.wireLog();
        const findings = new LeakScanner([{ value: reportId, kind: 'content', label: 'spam report' }]).scan([...log.on('sink'), ...log.on('unexpected')]);
        expectNoLeaks(findings, 'the integrity signal also reached the rest of Meta', 'the report id in no form in anything sent to a sink');
      },
      { runs: Math.min(ctx.runs, 3) },
    );
  },
});
