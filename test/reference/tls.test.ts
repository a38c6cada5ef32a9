// The reference's TLS client (PROTOCOL.md §11): the run's CA only when told,
// never a self-signed certificate, and production mode refusing http:// URLs.
import t from 'tap';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { call } from '../../reference/http-client.ts';
import { cleanSeams, withOverrides } from '../../reference/seams.ts';
import { runCertificates, type ServerCredentials } from '../../harness/tls/run-certificates.ts';
import type { Runtime } from '../../reference/runtime.ts';
import { identityKeyHash as harnessHash } from '../../harness/signal/identity-hash.ts';
import { identityKeyHash as referenceHash } from '../../reference/identity.ts';
import { IdentityKeyPair } from '@signalapp/libsignal-client';
import { Kit, BUSINESS, NOW_MS } from './harness-kit.ts';

const certs = runCertificates();

async function serve(creds: ServerCredentials): Promise<{ server: Server; url: string }> {
  const server = createServer({ key: creds.keyPem, cert: creds.certPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/x` };
}

/** Just what http-client reads from the runtime. */
const runtime = (caPem: string | undefined, verify = true): Runtime =>
  ({ meta: (k: string) => (k === 'trust_ca_pem' ? caPem : undefined), seams: verify ? cleanSeams : withOverrides({ verifyPeerCertificate: () => false }) }) as unknown as Runtime;

const outcome = (rt: Runtime, url: string): Promise<string> =>
  call(rt, url, { method: 'GET', timeoutMs: 5_000 }).then(
    (a) => `HTTP ${a.status}`,
    (e: NodeJS.ErrnoException) => `refused ${e.code ?? e.message}`,
  );

t.test('TLS client trusts the named CA only, never a self-signed certificate', async (t) => {
  const good = await serve(certs.trusted);
  const rogue = await serve(certs.selfSigned);
  t.teardown(() => {
    good.server.closeAllConnections();
    rogue.server.closeAllConnections();
    good.server.close();
    rogue.server.close();
  });
  t.equal(await outcome(runtime(certs.caPem), good.url), 'HTTP 200', 'run CA named: accepted');
  t.match(await outcome(runtime(undefined), good.url), /^refused/, 'run CA not named: refused');
  t.match(await outcome(runtime(certs.caPem), rogue.url), /^refused/, 'self-signed: refused even with the CA named');
  t.equal(await outcome(runtime(undefined, false), rogue.url), 'HTTP 200', 'the certificate-not-checked seam accepts anything');
});

t.test('production mode refuses plain http:// URLs; test mode accepts them', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  const reset = (extra: Record<string, unknown>, url = kit.transport.url) =>
    kit.control('POST', '/reset', { now_ms: NOW_MS, transport: { url, token: kit.transport.token }, ...extra });
  t.equal((await reset({ production: true })).status, 400, 'http:// transport refused in production mode');
  t.equal((await reset({ production: 'yes' })).status, 400, 'production must be a boolean');
  t.equal((await reset({ trust: { ca_pem: 'not a certificate' } })).status, 400, 'trust.ca_pem must be a PEM certificate');
  t.equal((await reset({ production: true }, 'https://127.0.0.1:9/transport')).status, 200, 'https:// transport accepted');
  const made = await kit.control('POST', '/businesses', { ...BUSINESS, webhook_url: kit.hooks.url });
  t.equal(made.status, 400, 'http:// webhook refused in production mode');
  t.equal(made.body.error && (made.body.error as { code?: unknown }).code, 'insecure_url');
  t.equal((await reset({})).status, 200, 'test mode again');
  t.equal((await kit.control('POST', '/businesses', { ...BUSINESS, webhook_url: kit.hooks.url })).status, 201, 'http:// webhook accepted in test mode');
});

t.test('harness and reference compute the same identity key hash', async (t) => {
  for (let i = 0; i < 5; i++) {
    const key = IdentityKeyPair.generate().publicKey.serialize();
    t.equal(harnessHash(key), referenceHash(key));
  }
  t.match(harnessHash(new Uint8Array(33)), /^[A-Za-z0-9+/]{11}=$/, '8 bytes as padded base64');
});
