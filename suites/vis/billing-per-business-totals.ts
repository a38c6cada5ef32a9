import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onSinkTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-billing-per-business-totals',
  title: 'Billing reaches rest-of-Meta only as per-business totals, never per message',
  clause: {
    text: 'Meta\'s visibility table: billing, per business, held by WhatsApp, available to the rest of Meta: yes. "WhatsApp gives Cloud API metering and billing information for the Cloud API businesses. It does not share any other messaging information."',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.billing'],
  faults: ['billing-notice-to-telemetry'],
  async run(ctx) {
    await onSinkTraffic(ctx, (run, _p, _s, log) => {
      const findings = new LeakScanner([{ value: run.billedId, kind: 'content', label: 'billed message id' }]).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'a per-message billing record reached the rest of Meta', 'billing in sinks only as per-business totals, no billed message id');
    });
  },
});
