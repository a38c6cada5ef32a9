import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { onSinkTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

export default defineCase({
  id: 'VIS-ads-sink-silent',
  title: 'The advertising sink receives nothing at all',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API uses the messages it processes only on behalf of and at the instruction of the business, and does not use them to inform the ads Meta shows. The advertising sink receives nothing.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#no-advertising; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['ads-gzip-payload'],
  async run(ctx) {
    await onSinkTraffic(ctx, (_run, _p, _s, log) => {
      const ads = log.on('sink').filter((x) => x.url.split('?')[0]!.startsWith('/sinks/ads'));
      expect(ads.length === 0, 'the target sent data to the advertising sink', 'no request at all to the ads sink', ads.map((x) => `${x.method} ${x.url} (#${x.seq}, ${x.requestBody.length} bytes)`).join('; '));
    });
  },
});
