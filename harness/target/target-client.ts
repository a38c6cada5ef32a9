// Every request the harness makes to the target goes through here, so it is
// recorded in the case's wire log and a dead target becomes one clear error.

import http from 'node:http';
import https from 'node:https';
import { HarnessError, RequestTimeout, type TargetStep, type TransportFailure } from '../core/errors.ts';
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
/** How long a Graph request may go unanswered (--request-timeout). */
export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;
const NO_ANSWER = 'ENOANSWER';

/** A Graph API answer as the client received it, for an observer that judges every one (--openapi). */
export interface GraphAnswer {
  method: string;
  /** As requested, relative to the target's base URL, query included. */
  path: string;
  status: number;
  headers: TargetResponse['headers'];
  body: Buffer;
  json: unknown;
}

export interface TargetClientOptions {
  /** Requests of every channel but the Graph API, unless a request says otherwise. */
  defaultTimeoutMs?: number;
  /** Graph API requests, unless a request says otherwise. */
  graphTimeoutMs?: number;
  /** Sees every Graph API answer, in the async context of the request's caller (so of its case); must not throw. */
  onGraphAnswer?: (answer: GraphAnswer) => void;
}
/** No exchange lasts longer than this, body included, unless its caller says so. */
const DEFAULT_DEADLINE_MS = 120_000;
const PAST_DEADLINE = 'EDEADLINE';

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === NO_ANSWER || code === PAST_DEADLINE) return (e as Error).message;
  if (code && REASONS[code]) return REASONS[code];
  return (e as Error).message || code || String(e);
}

const FAILURES: Record<string, TransportFailure> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'host-not-found',
  EAI_AGAIN: 'host-not-found',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout',
  [NO_ANSWER]: 'timeout',
  [PAST_DEADLINE]: 'timeout',
  ERESPONSETOOBIG: 'too-large',
  CERT_HAS_EXPIRED: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
};

/**
 * The error for an exchange that got no HTTP answer, worded by what went
 * wrong: "cannot reach" only when the target never answered at all, since a
 * reset or a hang mid-run is a different story from nothing listening.
 */
function transportError(baseUrl: string, step: TargetStep, answeredBefore: boolean, cause: unknown): HarnessError {
  const { failure, detail } = step.transport!;
  const call = `${step.method} ${step.path}`;
  const message = ((): string => {
    switch (failure) {
      case 'refused':
      case 'host-not-found':
      case 'unreachable':
        return answeredBefore ? `Target ${baseUrl} stopped accepting connections: ${detail} (${call})` : `Cannot reach target ${baseUrl}: ${detail} (${call})`;
      case 'reset':
        return `Target ${baseUrl} dropped the connection before answering ${call} (${detail})`;
      case 'timeout':
        return `Target ${baseUrl} hung on ${call}: ${detail}`;
      case 'too-large':
        return `Target ${baseUrl} sent an answer larger than 16 MiB (${call})`;
      case 'tls':
        return `Target ${baseUrl} presented a TLS certificate the harness does not trust: ${detail} (${call})`;
      default:
        return `The exchange with target ${baseUrl} failed: ${detail} (${call})`;
    }
  })();
  // An endless body is the target breaking the protocol, not a network problem.
  return new HarnessError(failure === 'too-large' ? 'HARNESS_TARGET_PROTOCOL' : 'HARNESS_TARGET_UNREACHABLE', message, { cause, step });
}

/**
 * node:http rather than fetch: fetch refuses the Fetch standard's "bad
 * ports" (1, 6000, …), and a target may listen on any port.
 */
export class TargetClient {
  readonly baseUrl: string;
  readonly #url: URL;
  readonly #agent: http.Agent;
  /** Whether the target ever answered: after that, a refused connection means it went away. */
  #answered = false;
  readonly #defaultTimeoutMs: number;
  readonly #graphTimeoutMs: number;
  readonly #onGraphAnswer: ((answer: GraphAnswer) => void) | undefined;

  constructor(
    baseUrl: string,
    private readonly logs: LogSwitch,
    options: TargetClientOptions = {},
  ) {
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 15_000;
    this.#graphTimeoutMs = options.graphTimeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS;
    this.#onGraphAnswer = options.onGraphAnswer;
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
    const timeoutMs = options.timeoutMs ?? (channel === 'graph' ? this.#graphTimeoutMs : this.#defaultTimeoutMs);
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
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: NO_ANSWER })));
        deadline = setTimeout(() => req.destroy(Object.assign(new Error(`no complete answer within ${deadlineMs / 1000} s`), { code: PAST_DEADLINE })), deadlineMs);
        req.on('error', reject);
        req.end(body);
      });
      this.#answered = true;
      exchange.status = res.status;
      exchange.responseBody = res.body;
      let json: unknown;
      try {
        json = res.body.length > 0 ? JSON.parse(res.body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      if (channel === 'graph') this.#onGraphAnswer?.({ method, path, status: res.status, headers: res.headers, body: res.body, json });
      return { ...res, json };
    } catch (e) {
      // A Graph request unanswered is the target's to answer for (RequestTimeout); elsewhere the run cannot go on.
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === NO_ANSWER || code === PAST_DEADLINE) && channel === 'graph') {
        const timeout = new RequestTimeout(channel, method, path, code === NO_ANSWER ? timeoutMs : deadlineMs);
        exchange.error = timeout.message;
        throw timeout;
      }
      exchange.error = reasonOf(e);
      const step: TargetStep = {
        channel,
        method,
        path: path.split('?')[0]!,
        transport: { failure: FAILURES[(e as NodeJS.ErrnoException).code ?? ''] ?? 'other', detail: reasonOf(e) },
      };
      throw transportError(this.baseUrl, step, this.#answered, e);
    } finally {
      clearTimeout(deadline);
    }
  }
}
