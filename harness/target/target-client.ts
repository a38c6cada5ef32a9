// Every request the harness makes to the target goes through here, so it is
// recorded in the case's wire log and a dead target becomes one clear error.

import http from 'node:http';
import https from 'node:https';
import { HarnessError } from '../core/errors.ts';
import { withoutUserinfo } from '../core/secrets.ts';
import type { Channel, LogSwitch } from '../core/wire-log.ts';

export interface TargetResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  json?: unknown;
  body?: Buffer | string;
  timeoutMs?: number;
  /** Total time for the whole exchange, answer body included: a target dripping bytes never resets it. */
  deadlineMs?: number;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  EPIPE: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted TLS certificate',
  ERESPONSETOOBIG: 'answer larger than 16 MiB',
};

const MAX_RESPONSE = 16 * 1024 * 1024;
/** No exchange lasts longer than this unless its caller says so. */
const DEFAULT_DEADLINE_MS = 120_000;

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code) return REASONS[code] ?? code;
  return (e as Error).message;
}

/**
 * node:http rather than fetch: fetch refuses the Fetch standard's "bad
 * ports" (1, 6000, …), and a target may listen on any port.
 */
export class TargetClient {
  readonly baseUrl: string;
  readonly #url: URL;
  readonly #agent: http.Agent;

  constructor(
    baseUrl: string,
    private readonly logs: LogSwitch,
    private readonly defaultTimeoutMs = 15_000,
  ) {
    // Messages name the target without its user info, which may hold a password.
    this.baseUrl = withoutUserinfo(baseUrl.replace(/\/+$/, ''));
    this.#url = new URL(baseUrl.replace(/\/+$/, ''));
    this.#agent = this.#url.protocol === 'https:' ? new https.Agent({ keepAlive: true, maxSockets: 64 }) : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  close(): void {
    this.#agent.destroy();
  }

  async request(channel: Channel, method: string, path: string, options: RequestOptions = {}): Promise<TargetResponse> {
    const headers: Record<string, string> = { ...options.headers };
    let body: Buffer | undefined;
    if (options.json !== undefined) {
      body = Buffer.from(JSON.stringify(options.json));
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    }
    const exchange = this.logs.current.record({ channel, method, url: path, requestHeaders: headers, requestBody: body ?? Buffer.alloc(0) });
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    let deadline: NodeJS.Timeout | undefined;
    const basePath = this.#url.pathname.replace(/\/+$/, '');
    try {
      const res = await new Promise<{ status: number; headers: TargetResponse['headers']; body: Buffer }>((resolve, reject) => {
        const lib = this.#url.protocol === 'https:' ? https : http;
        const req = lib.request(
          {
            protocol: this.#url.protocol,
            hostname: this.#url.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: this.#url.port || undefined,
            method,
            path: basePath + path,
            headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
            agent: this.#agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (size > MAX_RESPONSE) req.destroy(Object.assign(new Error('answer larger than 16 MiB'), { code: 'ERESPONSETOOBIG' }));
              else chunks.push(c);
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', reject);
          },
        );
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'no answer in time' })));
        deadline = setTimeout(() => req.destroy(Object.assign(new Error('deadline'), { code: `no complete answer within ${deadlineMs / 1000} s` })), deadlineMs);
        req.on('error', reject);
        req.end(body);
      });
      exchange.status = res.status;
      exchange.responseBody = res.body;
      let json: unknown;
      try {
        json = res.body.length > 0 ? JSON.parse(res.body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      return { ...res, json };
    } catch (e) {
      exchange.error = reasonOf(e);
      // An endless body is the target breaking the protocol, not a network problem.
      if ((e as NodeJS.ErrnoException).code === 'ERESPONSETOOBIG') throw new HarnessError('HARNESS_TARGET_PROTOCOL', `Target ${this.baseUrl} sent an answer larger than 16 MiB (${method} ${path})`, { cause: e });
      throw new HarnessError('HARNESS_TARGET_UNREACHABLE', `Cannot reach target ${this.baseUrl}: ${reasonOf(e)} (${method} ${path})`, { cause: e });
    } finally {
      clearTimeout(deadline);
    }
  }
}
