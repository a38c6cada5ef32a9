import { defineCase } from '../../harness/core/case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from './_scan.ts';

export default defineCase({
  id: 'VIS-integrity-signals-not-to-meta',
  title: 'Per-business integrity signals (spam reports) never reach a rest-of-Meta sink',
  clause: {
    text: 'Visibility matrix: Integrity signals, per business — held by WhatsApp client — Rest of Meta may see: no — WhatsApp may see: yes.',
    source: 'seed promise S9, visibility matrix (CLOUD-API-FACTS §1)',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.integrity'],
  faults: ['integrity-signal-to-telemetry'],
  async run(ctx) {
    await onMixedTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner([s.report]).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'an integrity signal reached the rest of Meta', 'the spam report id in no form in anything sent to a sink');
    });
  },
});
