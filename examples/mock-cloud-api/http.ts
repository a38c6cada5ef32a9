// HTTP plumbing: bodies (JSON, url-encoded, multipart), JSON answers, and
// Graph errors in Meta's envelope. Nothing here knows about messages.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A refusal in the Graph envelope: `{"error":{message,type,code,error_data,fbtrace_id}}`. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly title: string,
    readonly details: string,
    readonly type = 'OAuthException',
    readonly subcode?: number,
  ) {
    super(`(#${code}) ${title}`);
  }
}

export function sendGraphError(res: ServerResponse, e: GraphError): void {
  sendJson(res, e.status, {
    error: {
      message: e.message,
      type: e.type,
      code: e.code,
      ...(e.subcode === undefined ? {} : { error_subcode: e.subcode }),
      error_data: { messaging_product: 'whatsapp', details: e.details },
      fbtrace_id: `A${randomBytes(11).toString('base64url')}`,
    },
  });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Form fields holding JSON text (`template`, `interactive`, …) are read as the objects they spell. */
function fromFields(fields: Array<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) out[k] = /^\s*[[{]/.test(v) ? (parseJson(v) ?? v) : v;
  return out;
}

/** Multipart fields only (a send carries no files): name and value of each part. */
function multipartFields(body: string, boundary: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
    if (split < 0 || name === undefined) continue;
    fields.push([name, part.slice(split + 4).replace(/\r\n$/, '')]);
  }
  return fields;
}

/** The request body as an object, whichever of the three documented forms it came in; undefined when unreadable. */
export function parseBody(bytes: Buffer, contentType: string | undefined): Record<string, unknown> | undefined {
  const text = bytes.toString('utf8');
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return fromFields([...new URLSearchParams(text)]);
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (type.startsWith('multipart/form-data') && boundary) return fromFields(multipartFields(text, boundary));
  const json = parseJson(text);
  return isObject(json) ? json : undefined;
}
