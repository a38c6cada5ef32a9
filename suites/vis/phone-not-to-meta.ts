import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onSinkTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-phone-not-to-meta',
  title: 'No consumer phone number, raw, formatted, encoded or hashed, reaches a rest-of-Meta sink',
  clause: {
    text: 'Meta\'s visibility table: consumer phone number, held by Cloud API, available to the rest of Meta: no; available to WhatsApp: yes. "No other part of Meta has access to this information."',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['telemetry-phone-sha256'],
  async run(ctx) {
    await onSinkTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner(s.phones).scan([...log.on('sink'), ...log.on('unexpected')]);
      expectNoLeaks(findings, 'a consumer phone number reached the rest of Meta', 'no form of any consumer number (with or without +, formatted, md5/sha1/sha256/sha512 up to two layers, hex or base64) in anything sent to a sink');
    });
  },
});
