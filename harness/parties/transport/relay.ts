// The envelope relay and the consumers' inboxes (PROTOCOL.md §4): what the
// target sends a consumer waits here until the consumer takes it. The relay
// never sees plaintext.

import { pushBounded } from '../../core/bounded.ts';
import { PerWorld } from './per-world.ts';

export interface RelayedEnvelope {
  id: string;
  from: string;
  to: string;
  type: number;
  body: Buffer;
  timestamp: number;
  /** The whole JSON object the target sent, to check nothing else rides along. */
  raw: Record<string, unknown>;
}

const ENVELOPE_FIELDS = ['id', 'from', 'to', 'type', 'body', 'timestamp'];

function envelopeProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'envelope is not a JSON object';
  const e = v as Record<string, unknown>;
  if (typeof e.id !== 'string' || !e.id.startsWith('wamid.')) return 'id is not a wamid string';
  if (typeof e.from !== 'string' || !/^\d+$/.test(e.from)) return 'from is not a WhatsApp id';
  if (typeof e.to !== 'string' || !/^\d+$/.test(e.to)) return 'to is not a WhatsApp id';
  if (e.type !== 2 && e.type !== 3) return 'type is not 2 (Whisper) or 3 (PreKey)';
  if (typeof e.body !== 'string' || e.body === '') return 'body is not base64 text';
  if (!Number.isInteger(e.timestamp)) return 'timestamp is not integer seconds';
  return null;
}

/** The envelope a POST carries, or what is wrong with it. */
export function readEnvelope(body: unknown): { envelope: RelayedEnvelope } | { problem: string } {
  const problem = envelopeProblem(body);
  if (problem) return { problem };
  const e = body as Record<string, unknown>;
  return {
    envelope: {
      id: e.id as string,
      from: e.from as string,
      to: e.to as string,
      type: e.type as number,
      body: Buffer.from(e.body as string, 'base64'),
      timestamp: e.timestamp as number,
      raw: e,
    },
  };
}

/** Fields of the envelope beyond the protocol's six (nothing else belongs in one). */
export const extraFields = (envelope: RelayedEnvelope): string[] => Object.keys(envelope.raw).filter((k) => !ENVELOPE_FIELDS.includes(k));

export class Relay extends PerWorld<{ inboxes: Map<string, RelayedEnvelope[]>; envelopes: RelayedEnvelope[] }> {
  constructor() {
    super(() => ({ inboxes: new Map(), envelopes: [] }));
  }

  /** Every envelope accepted for relay, in arrival order. */
  get envelopes(): RelayedEnvelope[] {
    return this.state.envelopes;
  }

  /** A driver that has verified what it needs drops the record (the bench). */
  set envelopes(list: RelayedEnvelope[]) {
    this.state.envelopes = list;
  }

  /** An empty inbox for `address`, replacing whatever waited there. */
  open(address: string): void {
    this.state.inboxes.set(address, []);
  }

  /** An inbox for `address`, unless it has one. */
  ensure(address: string): void {
    if (!this.state.inboxes.has(address)) this.state.inboxes.set(address, []);
  }

  /** Whether anybody is registered at `address` (else the transport answers unknown_address). */
  knows(address: string): boolean {
    return this.state.inboxes.has(address);
  }

  /** Relays an envelope to its recipient's inbox; the recipient is known. */
  deliver(envelope: RelayedEnvelope): void {
    pushBounded(this.state.envelopes, envelope);
    pushBounded(this.state.inboxes.get(envelope.to)!, envelope);
  }

  /** Envelopes waiting for a consumer, oldest first; taking them empties the inbox. */
  take(address: string): RelayedEnvelope[] {
    const inbox = this.state.inboxes.get(address) ?? [];
    this.state.inboxes.set(address, []);
    return inbox;
  }
}
