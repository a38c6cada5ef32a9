// The certificates of one run's TLS cases: a CA made for this run only, a leaf
// for 127.0.0.1/localhost it signed, and a self-signed leaf nobody should
// trust. Made once per process (RSA key generation is the cost) and kept in
// memory only. Keys come from node:crypto; node-forge writes the certificates.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { DAY_MS } from '../core/durations.ts';

export interface ServerCredentials {
  keyPem: string;
  certPem: string;
}

export interface RunCertificates {
  /** The run's CA certificate: what a target is told to trust. */
  caPem: string;
  /** Signed by the run's CA. */
  trusted: ServerCredentials;
  /** Signed by itself: no target may accept it. */
  selfSigned: ServerCredentials;
}

function rsa(): { pem: string; priv: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { pem: privateKey, priv: forge.pki.privateKeyFromPem(privateKey), pub: forge.pki.publicKeyFromPem(publicKey) };
}

function certificate(subject: string, pub: forge.pki.rsa.PublicKey, issuer: string, signer: forge.pki.rsa.PrivateKey, ca: boolean): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  // A positive serial: a leading 01 keeps the high bit clear.
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  // TLS libraries check validity against the wall clock, not the virtual one.
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer }]);
  cert.setExtensions(
    ca
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
          { name: 'subjectKeyIdentifier' },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
        ],
  );
  cert.sign(signer, forge.md.sha256.create());
  return cert;
}

function make(): RunCertificates {
  const run = randomBytes(4).toString('hex');
  const caKey = rsa();
  const caName = `cloudapi-conformance run CA ${run}`;
  const ca = certificate(caName, caKey.pub, caName, caKey.priv, true);
  const leafKey = rsa();
  const leaf = certificate('127.0.0.1', leafKey.pub, caName, caKey.priv, false);
  const rogueKey = rsa();
  const rogue = certificate('127.0.0.1', rogueKey.pub, '127.0.0.1', rogueKey.priv, false);
  return {
    caPem: forge.pki.certificateToPem(ca),
    trusted: { keyPem: leafKey.pem, certPem: forge.pki.certificateToPem(leaf) },
    selfSigned: { keyPem: rogueKey.pem, certPem: forge.pki.certificateToPem(rogue) },
  };
}

let cached: RunCertificates | undefined;

/** The run's certificates, made on first use. */
export function runCertificates(): RunCertificates {
  cached ??= make();
  return cached;
}
