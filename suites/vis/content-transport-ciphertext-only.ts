import { defineCase } from '../../harness/core/case.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from './_scan.ts';

export default defineCase({
  id: 'VIS-content-transport-ciphertext-only',
  title: 'On mixed traffic, no content reaches WhatsApp\'s transport outside the Signal ciphertext (URL, headers, every field, integrity signals)',
  clause: {
    text: 'Visibility matrix: Message content — held by Cloud API — Rest of Meta may see: no — WhatsApp may see: no.',
    source: 'seed promise S9, visibility matrix (CLOUD-API-FACTS §1)',
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
