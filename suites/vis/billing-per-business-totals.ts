import { defineCase } from '../../harness/core/case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from './_scan.ts';

export default defineCase({
  id: 'VIS-billing-per-business-totals',
  title: 'Billing reaches rest-of-Meta only as per-business totals, never per message',
  clause: {
    text: 'Visibility matrix: Billing, per business — held by WhatsApp — Rest of Meta may see: yes. WhatsApp gives Cloud API metering and billing information, nothing else.',
    source: 'seed promises S9, S11 (CLOUD-API-FACTS §1)',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.billing'],
  faults: ['billing-notice-to-telemetry'],
  async run(ctx) {
    await onMixedTraffic(ctx, (run, _p, _s, log) => {
      const findings = new LeakScanner([{ value: run.billedId, kind: 'content', label: 'billed message id' }]).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'a per-message billing record reached the rest of Meta', 'billing in sinks only as per-business totals, no billed message id');
    });
  },
});
