import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { LeakScanner } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-webhook-tenant-isolation',
  title: 'One business\'s data never appears in another business\'s webhook',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API decrypts a user\'s message and forwards it to the business it was sent to, on whose behalf it operates; no business\'s data reaches another business\'s webhook.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#visibility; docs/cloud-api-rules.md#webhook-signature',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['cross-tenant-webhook'],
  async run(ctx) {
    await onMixedTraffic(ctx, (run, p, _s, log) => {
      for (const b of p.businesses) {
        const others = p.businesses.filter((o) => o !== b);
        const secrets = [
          ...run.content.filter((c) => c.business !== b).map((c) => ({ value: c.canary, kind: 'content' as const, label: 'another business\'s content' })),
          ...[...run.outboundIds, ...run.inboundIds].filter((x) => x.business !== b).map((x) => ({ value: x.id, kind: 'content' as const, label: 'another business\'s message id' })),
          ...others.map((o) => ({ value: o.phoneNumberId, kind: 'content' as const, label: 'another business\'s phone_number_id' })),
        ];
        const mine = log.on('webhook').filter((x) => x.url.split('?')[0] === new URL(b.webhookUrl).pathname);
        expectNoLeaks(new LeakScanner(secrets).scan(mine), `business ${b.key}'s webhook received another business's data`, 'only events of this business on its webhook');
        expect(mine.length > 0, `business ${b.key}'s webhook received nothing`, 'its own events', 'no delivery');
      }
    });
  },
});
