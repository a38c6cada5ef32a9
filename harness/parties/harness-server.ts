// The one HTTP server through which the target reaches every party the
// harness plays (transport, webhook receivers, sinks). Routing is an ordered
// list of msw handlers; interception (this file) is kept apart from handling
// (the parties). A request no handler answers is itself evidence: it is
// recorded on the `unexpected` channel and answered 404.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import type { Channel, Exchange, LogSwitch } from '../core/wire-log.ts';
import { HarnessError } from '../core/errors.ts';

/** msw matches absolute URLs; handlers are written against this origin. */
export const HARNESS_ORIGIN = 'http://harness.invalid';

const MAX_BODY = 8 * 1024 * 1024;

function channelOf(path: string): Channel {
  if (path.startsWith('/transport/')) return 'transport';
  if (path.startsWith('/hooks/')) return 'webhook';
  if (path.startsWith('/sinks/')) return 'sink';
  return 'unexpected';
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error('body over 8 MiB'));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** A request as a fast route sees it: already read, never converted to a Fetch Request. */
export interface FastRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FastAnswer {
  status: number;
  body: Buffer;
  type?: string;
  /** Sent only once this settles (a party holding an answer back while a case crashes the target). */
  after?: Promise<void>;
}

/**
 * A party's shortcut for one of its hottest routes (the bench drives thousands
 * a second, and msw's Fetch conversion dominated): it answers exactly like the
 * party's msw handler, or returns undefined to leave the request to msw, which
 * stays the routing table for everything else.
 */
export type FastRoute = (request: FastRequest) => FastAnswer | undefined;

export const jsonAnswer = (status: number, value: unknown): FastAnswer => ({ status, body: Buffer.from(JSON.stringify(value)), type: 'application/json' });

export interface HarnessServerOptions {
  /** host:port to listen on; port 0 picks a free one. */
  listenHost: string;
  listenPort: number;
  /** How the target reaches us, when that is not the listen address. */
  publicUrl?: string;
}

/** A TLS listener's certificate and key, PEM. */
export interface TlsIdentity {
  keyPem: string;
  certPem: string;
}

export class HarnessServer {
  #server: Server;
  /** Extra HTTPS listeners for the TLS cases, by name, serving the same routes. */
  #tls = new Map<string, { server: Server; url: string }>();
  #handlers: RequestHandler[] = [];
  #fast: FastRoute[] = [];
  #publicUrl = '';

  constructor(
    private readonly logs: LogSwitch,
    private readonly options: HarnessServerOptions,
  ) {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.keepAliveTimeout = 30_000;
  }

  use(...handlers: RequestHandler[]): void {
    this.#handlers.push(...handlers);
  }

  /** Fast routes are tried in order before the msw handlers. */
  useFast(...routes: FastRoute[]): void {
    this.#fast.push(...routes);
  }

  get publicUrl(): string {
    return this.#publicUrl;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', (e: NodeJS.ErrnoException) =>
        reject(new HarnessError('HARNESS_BAD_ARGUMENT', `Cannot listen on ${this.options.listenHost}:${this.options.listenPort}: ${e.code ?? e.message}`)),
      );
      this.#server.listen(this.options.listenPort, this.options.listenHost, () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    const host = this.options.listenHost.includes(':') ? `[${this.options.listenHost}]` : this.options.listenHost;
    this.#publicUrl = (this.options.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, '');
  }

  /**
   * Starts (once per name) an HTTPS listener with the given certificate on the
   * listen host and a free port; it serves the same parties. Returns its base URL.
   * TLS listeners are reached at the listen address: `--public-url` does not apply.
   */
  async tlsUrl(name: string, identity: TlsIdentity): Promise<string> {
    const existing = this.#tls.get(name);
    if (existing) return existing.url;
    const server = createTlsServer({ key: identity.keyPem, cert: identity.certPem }, (req, res) => void this.#handle(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(new HarnessError('HARNESS_BAD_ARGUMENT', `Cannot listen with TLS on ${this.options.listenHost}: ${e.code ?? e.message}`)));
      server.listen(0, this.options.listenHost, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = this.options.listenHost === '0.0.0.0' ? '127.0.0.1' : this.options.listenHost.includes(':') ? `[${this.options.listenHost}]` : this.options.listenHost;
    const url = `https://${host}:${port}`;
    this.#tls.set(name, { server, url });
    return url;
  }

  async stop(): Promise<void> {
    for (const { server } of this.#tls.values()) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.#tls.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    let exchange: Exchange | undefined;
    try {
      const body = await readBody(req);
      exchange = this.logs.current.record({
        channel: channelOf(path),
        method,
        url: path,
        requestHeaders: flatHeaders(req),
        requestBody: body,
      });
      for (const route of this.#fast) {
        const answer = route({ method, path, headers: exchange.requestHeaders, body });
        if (answer) {
          if (answer.after) await answer.after;
          return this.#send(res, exchange, answer.status, answer.body, answer.type ?? 'application/json');
        }
      }
      const request = new Request(HARNESS_ORIGIN + path, {
        method,
        headers: exchange.requestHeaders,
        body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
      });
      const response = await getResponse(this.#handlers, request);
      if (!response) {
        // Re-file it: nothing we play expects this request.
        (exchange as { channel: Channel }).channel = 'unexpected';
        return this.#send(res, exchange, 404, Buffer.from('{"error":{"code":"unexpected_request"}}'), 'application/json');
      }
      const out = Buffer.from(await response.arrayBuffer());
      return this.#send(res, exchange, response.status, out, response.headers.get('content-type') ?? 'application/json');
    } catch (e) {
      if (exchange) exchange.error = (e as Error).message;
      if (!res.headersSent) this.#send(res, exchange, 500, Buffer.from('{"error":{"code":"harness_error"}}'), 'application/json');
    }
  }

  #send(res: ServerResponse, exchange: Exchange | undefined, status: number, body: Buffer, type: string): void {
    if (exchange) {
      exchange.status = status;
      exchange.responseBody = body;
    }
    if (status === 0) {
      // A party asked for the connection to be reset (fault injection).
      res.socket?.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': type, 'content-length': body.length });
    res.end(body);
  }
}
