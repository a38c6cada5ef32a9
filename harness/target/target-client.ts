// Every request the harness makes to the target goes through here, so it is
// recorded in the case's wire log and a dead target becomes one clear error.

import { HarnessError } from '../core/errors.ts';
import type { Channel, LogSwitch } from '../core/wire-log.ts';

export interface TargetResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  json?: unknown;
  body?: Buffer | string;
  timeoutMs?: number;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_SOCKET: 'socket closed',
};

function reasonOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if ((e as Error).name === 'TimeoutError') return 'no answer in time';
  if (cause?.code) return REASONS[cause.code] ?? cause.code;
  return cause?.message ?? (e as Error).message;
}

export class TargetClient {
  readonly baseUrl: string;
  constructor(
    baseUrl: string,
    private readonly logs: LogSwitch,
    private readonly defaultTimeoutMs = 15_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
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
    const url = this.baseUrl + path;
    const exchange = this.logs.current.record({ channel, method, url: path, requestHeaders: headers, requestBody: body ?? Buffer.alloc(0) });
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs ?? this.defaultTimeoutMs),
      });
    } catch (e) {
      exchange.error = reasonOf(e);
      throw new HarnessError('HARNESS_TARGET_UNREACHABLE', `Cannot reach target ${this.baseUrl}: ${reasonOf(e)} (${method} ${path})`, { cause: e });
    }
    let buf: Buffer;
    try {
      buf = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      exchange.error = reasonOf(e);
      throw new HarnessError('HARNESS_TARGET_UNREACHABLE', `Target ${this.baseUrl} broke off its answer to ${method} ${path}: ${reasonOf(e)}`, { cause: e });
    }
    exchange.status = res.status;
    exchange.responseBody = buf;
    let json: unknown;
    try {
      json = buf.length > 0 ? JSON.parse(buf.toString('utf8')) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, body: buf, json };
  }
}
