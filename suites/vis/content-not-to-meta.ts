import { defineCase } from '../../harness/core/case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from './_scan.ts';

export default defineCase({
  id: 'VIS-content-not-to-meta',
  title: 'No message content, in any form, reaches a rest-of-Meta sink',
  clause: {
    text: 'Visibility matrix: Message content — held by Cloud API — Rest of Meta may see: no.',
    source: 'seed promise S9, visibility matrix (CLOUD-API-FACTS §1)',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['telemetry-content', 'ads-gzip-payload'],
  async run(ctx) {
    await onMixedTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner(s.content).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'message content reached the rest of Meta', 'no content canary in any form in anything sent to a sink');
    });
  },
});
