import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onSinkTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-no-message-metadata-to-meta',
  title: 'Rest-of-Meta gets statistics only: no message ids, in any form, reach a sink',
  clause: {
    text: 'Meta\'s visibility table: non-identifiable statistics, available to the rest of Meta: yes. Paraphrase: messages are accessed only by the Cloud API, so nothing that identifies a message (its id, in any form) reaches the rest of Meta.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['telemetry-message-ids'],
  async run(ctx) {
    await onSinkTraffic(ctx, (run, _p, _s, log) => {
      const ids = [...run.outboundIds, ...run.inboundIds].flatMap(({ id }) => [
        { value: id, kind: 'content' as const, label: 'message id' },
        // The random part alone, in case the prefix was dropped.
        { value: id.replace(/^wamid\./, ''), kind: 'content' as const, label: 'message id (without wamid.)' },
      ]);
      const findings = new LeakScanner(ids).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'per-message metadata reached the rest of Meta', 'aggregate statistics only: no message id in any form in anything sent to a sink');
    });
  },
});
