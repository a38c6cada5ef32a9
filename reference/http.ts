import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpProblem } from './errors.ts';

// Request bodies are bounded so a hostile client cannot make us buffer
// without limit; 1 MiB is far above any v0 request.
const MAX_BODY = 1 << 20;
const MAX_DRAIN = 64 << 20;

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    // Keep reading what is over the limit, unstored, so the client gets an answer rather than a reset.
    if (size <= MAX_BODY) chunks.push(buf);
    else if (size > MAX_DRAIN) break;
  }
  if (size > MAX_BODY) throw new BodyTooLarge(`request body over ${MAX_BODY} bytes`);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  // A string body goes out with the headers in one write; a Buffer would take a writev.
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The bearer token of a request, '' when the header is present but not a bearer, null when absent. */
export function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

/** Constant-time comparison of a presented bearer token with the expected secret. */
export const sameSecret = (given: string | null, expected: string): boolean => {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a control-plane or transport body; anything but a JSON object is a 400 (PROTOCOL preamble). */
export async function readJsonObject(req: IncomingMessage, allowEmpty = false): Promise<JsonObject> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (e) {
    throw new HttpProblem(413, 'bad_request', (e as Error).message);
  }
  if (allowEmpty && raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'bad_request', 'body is not valid JSON');
  }
  if (!isObject(parsed)) throw new HttpProblem(400, 'bad_request', 'body must be a JSON object');
  return parsed;
}

export function requireString(o: JsonObject, field: string, pattern?: RegExp): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0 || (pattern && !pattern.test(v))) {
    throw new HttpProblem(400, 'bad_request', `field ${field} must be a ${pattern ? `string matching ${pattern}` : 'non-empty string'}`);
  }
  return v;
}

export function requireInteger(o: JsonObject, field: string, min = 0): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new HttpProblem(400, 'bad_request', `field ${field} must be an integer >= ${min}`);
  }
  return v;
}
