// Wire evidence as a person reads it: every exchange of the case, bodies cut
// at a sane size, binary shown as base64, secrets filtered.

import type { Exchange } from '../core/wire-log.ts';
import type { SecretRegistry } from '../core/secrets.ts';

export const BODY_LIMIT = 4096;

export interface EvidenceEntry {
  seq: number;
  channel: string;
  request: string;
  status?: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseBody?: string;
  error?: string;
}

function isText(buf: Buffer): boolean {
  const s = buf.toString('utf8');
  return !s.includes('\uFFFD') && !/[\x00-\x08\x0E-\x1F]/.test(s);
}

export function showBody(buf: Buffer | undefined): string {
  if (!buf || buf.length === 0) return '';
  const cut = buf.length > BODY_LIMIT ? buf.subarray(0, BODY_LIMIT) : buf;
  const more = buf.length > BODY_LIMIT ? ` …[${buf.length - BODY_LIMIT} more bytes]` : '';
  return (isText(cut) ? cut.toString('utf8') : `base64:${cut.toString('base64')}`) + more;
}

export function toEvidence(exchanges: readonly Exchange[], secrets: SecretRegistry): EvidenceEntry[] {
  return exchanges.map((x) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(x.requestHeaders)) headers[k] = secrets.redact(v);
    return {
      seq: x.seq,
      channel: x.channel,
      request: `${x.method} ${secrets.redact(x.url)}`,
      status: x.status,
      requestHeaders: headers,
      requestBody: secrets.redact(showBody(x.requestBody)),
      responseBody: x.responseBody ? secrets.redact(showBody(x.responseBody)) : undefined,
      error: x.error ? secrets.redact(x.error) : undefined,
    };
  });
}
