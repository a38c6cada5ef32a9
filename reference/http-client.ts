import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Runtime } from './runtime.ts';

// Every HTTP call the reference makes (transport, webhooks) goes through here,
// so TLS is checked one way everywhere: against the CA the control plane named
// (PROTOCOL §11) and nothing else, or the system roots when none was named.

export interface Answer {
  status: number;
  body: Buffer;
}

export interface CallOptions {
  method: string;
  headers?: Record<string, string>;
  /** A string is written with the headers in one syscall; a buffer costs a second (writev). */
  body?: Uint8Array | string;
  timeoutMs: number;
}

const plainAgent = new HttpAgent({ keepAlive: true });
const tlsAgents = new Map<string, HttpsAgent>();

function tlsAgent(caPem: string | undefined, verify: boolean): HttpsAgent {
  const key = `${verify}|${caPem ?? ''}`;
  let agent = tlsAgents.get(key);
  if (!agent) {
    // A new trust setting gets a new agent: pooled connections made under the old one must not be reused.
    agent = new HttpsAgent({ keepAlive: true, ca: caPem === undefined ? undefined : [caPem], rejectUnauthorized: verify });
    tlsAgents.set(key, agent);
  }
  return agent;
}

export function call(rt: Runtime, url: string, options: CallOptions): Promise<Answer> {
  const target = new URL(url);
  const tls = target.protocol === 'https:';
  const agent = tls ? tlsAgent(rt.meta('trust_ca_pem'), rt.seams.verifyPeerCertificate()) : plainAgent;
  const send = tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: options.method, headers: options.headers, agent, timeout: options.timeoutMs }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
