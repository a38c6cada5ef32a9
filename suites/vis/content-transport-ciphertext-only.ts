import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-content-transport-ciphertext-only',
  title: 'On mixed traffic, no content reaches WhatsApp\'s transport outside the Signal ciphertext (URL, headers, every field, integrity signals)',
  clause: {
    text: 'Meta\'s visibility table: message content, held by Cloud API, available to the rest of Meta: no; available to WhatsApp: no.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['transport-header-base64-content'],
  async run(ctx) {
    await onMixedTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner(s.content).scan(log.on('transport'));
      expectNoLeaks(findings, 'message content is readable on the transport channel outside the ciphertext', 'no content canary in any form anywhere the target sends to the transport');
    });
  },
});
