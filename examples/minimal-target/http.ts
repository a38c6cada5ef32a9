// Small HTTP helpers: read a request body with a size cap, answer JSON, call
// another server as JSON with a deadline. Nothing here knows the Cloud API.

import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Bigger bodies are refused; the rest of an oversized body is read and dropped, so the client is not cut off mid-upload. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`body over ${MAX_BODY_BYTES} bytes`);
  return Buffer.concat(chunks);
}

/** Strict UTF-8 then JSON; undefined when either fails. */
export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  return m ? m[1] : undefined;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export interface Answer {
  status: number;
  text: string;
}

/**
 * One outgoing HTTP(S) request with a deadline; a network failure, a
 * certificate that does not verify, or no answer in time throws. `ca` is the
 * CA that `reset` told the target to trust (PROTOCOL.md §11); without it only
 * the system's roots are trusted, so a certificate of the harness's own CA is
 * refused. node:https is used rather than fetch because fetch takes no CA.
 */
export function request(method: string, url: string, options: { headers?: Record<string, string>; body?: string; ca?: string; timeoutMs: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const req = send(u, {
      method,
      headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(u.protocol === 'https:' && options.ca ? { ca: options.ca } : {}),
    });
    req.on('error', (e) => reject(new Error(`${method} ${u.origin}${u.pathname} failed: ${e.message}`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.end(body);
  });
}

/** One JSON call with a bearer token. */
export async function callJson(method: string, url: string, token: string, body: unknown, ca: string | undefined, timeoutMs = 10_000): Promise<JsonAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(method, url, { headers, body: body === undefined ? undefined : JSON.stringify(body), ca, timeoutMs });
  let parsed: unknown;
  try {
    parsed = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    parsed = res.text;
  }
  return { status: res.status, body: parsed };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
