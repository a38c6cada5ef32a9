import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { deliveriesOfOneMessage } from '../../harness/verify/tls-webhook.ts';
import { runCertificates } from '../../harness/tls/run-certificates.ts';

export default defineCase({
  id: 'E2E-TLS-untrusted-certificate-refused',
  title: 'The target speaks TLS to the CA it was told to trust, and refuses a self-signed or unknown certificate',
  clause: {
    text: '"Your server must have a valid TLS or SSL certificate correctly configured and installed. Self-signed certificates are not supported." Protocol: a certificate that does not verify against the CA the target was told to trust is never sent a byte of the request.',
    source: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started — "Create an Endpoint"; docs/cloud-api-rules.md#encryption-in-transit-and-at-rest; harness/PROTOCOL.md#11-tls-capability-tls-additive',
  },
  severity: 'MUST',
  requires: ['tls', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['certificate-not-checked'],
  async run(ctx) {
    const { world } = ctx;
    const certs = runCertificates();
    const trusted = await world.tlsListener('run-ca', certs.trusted);
    const selfSigned = await world.tlsListener('self-signed', certs.selfSigned);

    // Not told about the run's CA: its certificate is as foreign as any other.
    const untold = await world.business({ webhookBase: trusted });
    const n0 = await deliveriesOfOneMessage(world, untold, false);
    expect(n0 === 0, 'a webhook was delivered to a certificate from a CA the target was never told to trust', 'no delivery', `${n0} delivered`);

    // Told: the transport and webhooks over TLS work with the run's CA...
    await world.rewire(trusted, { trust: { ca_pem: certs.caPem } });
    const good = await world.business({ webhookBase: trusted });
    const n1 = await deliveriesOfOneMessage(world, good, true);
    expect(n1 === 1, 'with the run\'s CA trusted, a webhook over TLS was not delivered once', '1 delivery', `${n1}`);
    // ...and a self-signed certificate is still refused.
    const rogue = await world.business({ webhookBase: selfSigned });
    const n2 = await deliveriesOfOneMessage(world, rogue, false);
    expect(n2 === 0, 'a webhook was delivered to a self-signed certificate', 'no delivery', `${n2} delivered`);
  },
});
