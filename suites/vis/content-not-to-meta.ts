import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onSinkTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-content-not-to-meta',
  title: 'No message content, in any form, reaches a rest-of-Meta sink',
  clause: {
    text: 'Meta\'s visibility table: message content, held by Cloud API, available to the rest of Meta: no. "Messages sent or received through Cloud API are only accessed by Cloud API, no other part of Meta can use this information."',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['telemetry-content', 'ads-gzip-payload'],
  async run(ctx) {
    await onSinkTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner(s.content).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'message content reached the rest of Meta', 'no content canary in any form in anything sent to a sink');
    });
  },
});
