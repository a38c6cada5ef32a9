import { expect } from '../../core/expect.ts';
import { runCertificates } from '../../tls/run-certificates.ts';
import { deliveriesOfOneMessage } from '../../verify/tls-webhook.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';

export const WEBHOOK_CERTIFICATES = ['run-ca', 'self-signed'] as const;
export type WebhookCertificate = (typeof WEBHOOK_CERTIFICATES)[number];

/**
 * A new business whose webhook is an HTTPS listener with the given
 * certificate, and a consumer writes to it. A self-signed certificate is
 * never trusted; the run's CA only in a TLS run, which told the target to
 * trust it. Untrusted: no delivery, trusted: exactly one.
 */
export class WebhookBehindCertificateCommand implements DataCommand {
  static readonly command = 'webhookBehindCertificate';
  constructor(
    readonly certificate: WebhookCertificate,
    readonly body: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const certs = runCertificates();
    const url = await r.world.env.server.tlsUrl(this.certificate, this.certificate === 'run-ca' ? certs.trusted : certs.selfSigned);
    const trusted = this.certificate === 'run-ca' && m.production;
    const business = await r.world.business({ webhookBase: url });
    const n = await deliveriesOfOneMessage(r.world, business, trusted, `${this.body} ${r.canary}`);
    if (trusted) expect(n === 1, "a webhook behind a certificate from the CA the target was told to trust was not delivered once", '1 delivery', `${n}`);
    else expect(n === 0, `a webhook was delivered to a ${this.certificate === 'run-ca' ? 'certificate from a CA the target was never told to trust' : 'self-signed certificate'}`, 'no delivery', `${n} delivered`);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: WebhookBehindCertificateCommand.command, args: { certificate: this.certificate, body: this.body } };
  }
  toString(): string {
    return `webhookBehindCertificate(${this.certificate}, ${JSON.stringify(this.body.slice(0, 30))})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: WebhookBehindCertificateCommand.command,
  position: 36,
  requires: ['tls', 'control.provision', 'webhooks', 'transport.signal'],
  weight: 4,
  arbitrary: () => fc.tuple(fc.constantFrom(...WEBHOOK_CERTIFICATES), textBody({ maxLength: 40 })).map(([cert, t]) => new WebhookBehindCertificateCommand(cert, t)),
  fromData: (a) => new WebhookBehindCertificateCommand(a.oneOf('certificate', WEBHOOK_CERTIFICATES), a.str('body')),
};
