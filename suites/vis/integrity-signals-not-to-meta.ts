import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onSinkTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-integrity-signals-not-to-meta',
  title: 'Per-business integrity signals (spam reports) never reach a rest-of-Meta sink',
  clause: {
    text: 'Meta\'s visibility table: integrity signals, per business, held by the WhatsApp client, available to the rest of Meta: no; available to WhatsApp: yes.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.integrity'],
  faults: ['integrity-signal-to-telemetry'],
  async run(ctx) {
    await onSinkTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner([s.report]).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'an integrity signal reached the rest of Meta', 'the spam report id in no form in anything sent to a sink');
    });
  },
});
