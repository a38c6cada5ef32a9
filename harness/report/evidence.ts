// Wire evidence as a person reads it: the exchanges of the case (the first
// and last EVIDENCE_KEEP when there are more, with a line saying how many
// are left out), bodies cut at a sane size, binary shown as base64, secrets
// filtered.

import type { Exchange } from '../core/wire-log.ts';
import type { SecretRegistry } from '../core/secrets.ts';
import { droppedFrom, ends } from '../core/bounded.ts';
import type { EvidenceEntry } from '../core/result.ts';


export const BODY_LIMIT = 4096;
/** Exchanges shown from each end of a case's log: a report stays readable (and small) whatever the target sent. */
export const EVIDENCE_KEEP = 100;

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

function entryOf(x: Exchange, secrets: SecretRegistry): EvidenceEntry {
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
}

/** A WireLog's own list knows what it dropped (see bounded.ts); other lists drop nothing. */
export function toEvidence(exchanges: readonly Exchange[], secrets: SecretRegistry, dropped = droppedFrom(exchanges)): EvidenceEntry[] {
  const { head, tail, skipped } = ends(exchanges, EVIDENCE_KEEP);
  const left = skipped + dropped;
  if (left === 0) return head.map((x) => entryOf(x, secrets));
  const gap: EvidenceEntry = {
    seq: (head.at(-1)?.seq ?? 0) + 1,
    channel: 'omitted',
    request: `${left} exchanges left out of the evidence (the first ${head.length} and the last ${tail.length} are shown)`,
    requestHeaders: {},
    requestBody: '',
  };
  return [...head.map((x) => entryOf(x, secrets)), gap, ...tail.map((x) => entryOf(x, secrets))];
}
