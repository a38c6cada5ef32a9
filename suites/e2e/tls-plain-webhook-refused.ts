import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { runCertificates } from '../../harness/tls/run-certificates.ts';
import { expectPlainWebhookRefused } from '../../harness/verify/tls-webhook.ts';

export default defineCase({
  id: 'E2E-TLS-plain-webhook-refused',
  title: 'In production mode the target refuses a plain http:// webhook URL and accepts an https:// one',
  clause: {
    text: 'Paraphrase of Meta: the Graph API (sending) and webhooks (receiving) run over HTTPS protected by TLS. Protocol: in production mode a plain http:// webhook URL is refused (400 insecure_url).',
    source: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started — "Create an Endpoint"; docs/cloud-api-rules.md#encryption-in-transit-and-at-rest; harness/PROTOCOL.md#11-tls-capability-tls-additive',
  },
  severity: 'MUST',
  requires: ['tls', 'control.provision'],
  faults: ['plain-webhook-allowed'],
  async run(ctx) {
    const { world } = ctx;
    const certs = runCertificates();
    const trusted = await world.tlsListener('run-ca', certs.trusted);
    await world.rewire(trusted, { trust: { ca_pem: certs.caPem }, production: true });
    await expectPlainWebhookRefused(world);
    const secure = await world.tryBusiness({ webhookBase: trusted });
    expect(secure.response.status === 201 || secure.response.status === 200, 'an https:// webhook URL was refused in production mode', '201', `HTTP ${secure.response.status}`);
  },
});
