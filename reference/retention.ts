import type { Outbox } from './outbox.ts';
import type { Runtime } from './runtime.ts';
import type { Business } from './types.ts';
import { statusWebhook } from './webhooks.ts';
import { opaqueDataFor } from './opaque-data.ts';
import { sweepInboundMedia } from './inbound-media.ts';
import { forgetSimulated } from './simulated-consumers.ts';

// The retention sweeper (docs/cloud-api-rules.md#retention-30-days): messages, inbound envelopes
// and uploaded media older than the limit are deleted on the virtual clock;
// an outbound message never handed to the transport by then fails; once a
// consumer's last message with a business is gone, so is everything that
// names them (Signal session and identity, the mark of a simulated consumer).
// A message's biz_opaque_callback_data goes with it. It runs on every clock
// advance, before the answer (PROTOCOL §3), so the declared granularity is an
// upper bound.

/** Declared in the capabilities answer (PROTOCOL §12). */
export const SWEEP_GRANULARITY_MS = 60_000;

interface Held {
  id: string;
  business: string;
  consumer: string;
  consumer_sealed: Buffer;
  direction: 'in' | 'out';
  status: string;
  timestamp_ms: number;
}

export class Sweeper {
  constructor(
    private readonly rt: Runtime,
    private readonly outbox: Outbox,
  ) {}

  sweep(): void {
    const rt = this.rt;
    const now = rt.now();
    const age = (ms: number): number => now - rt.seams.retentionOrigin(ms, rt.lifeStartMs);
    const kept = (ms: number): boolean => rt.seams.retained(age(ms));
    rt.db.transaction(() => {
      const touched = new Map<string, { business: string; token: string; sealed: Buffer }>();
      for (const m of rt.stmt('SELECT id, business, consumer, consumer_sealed, direction, status, timestamp_ms FROM messages').all() as Held[]) {
        const waiting = m.direction === 'out' && m.status === 'pending';
        if (waiting ? rt.seams.retransmit(age(m.timestamp_ms)) : kept(m.timestamp_ms)) continue;
        if (waiting) this.failExpired(m);
        rt.stmt('DELETE FROM messages WHERE id = ?').run(m.id);
        rt.stmt('DELETE FROM outbound_envelopes WHERE id = ?').run(m.id);
        if (rt.seams.purgeOpaqueData()) rt.stmt('DELETE FROM opaque_callback_data WHERE id = ?').run(m.id);
        touched.set(`${m.business}|${m.consumer}`, { business: m.business, token: m.consumer, sealed: m.consumer_sealed });
      }
      const envelopes = rt.stmt('SELECT id, business, sender, sender_sealed, received_ms, timestamp FROM inbound_envelopes').all() as {
        id: string;
        business: string;
        sender: string;
        sender_sealed: Buffer;
        received_ms: number | null;
        timestamp: number;
      }[];
      for (const e of envelopes) {
        if (kept(e.received_ms ?? e.timestamp * 1000)) continue;
        rt.stmt('DELETE FROM inbound_envelopes WHERE id = ?').run(e.id);
        touched.set(`${e.business}|${e.sender}`, { business: e.business, token: e.sender, sealed: e.sender_sealed });
      }
      for (const t of touched.values()) this.forgetIfLast(t.business, t.token, t.sealed);
      sweepInboundMedia(rt);
      if (rt.seams.mediaExpires()) {
        for (const m of rt.stmt('SELECT id, created_ms FROM media').all() as { id: string; created_ms: number }[]) {
          if (kept(m.created_ms)) continue;
          rt.stmt('DELETE FROM media_urls WHERE media = ?').run(m.id);
          rt.stmt('DELETE FROM media WHERE id = ?').run(m.id);
        }
      }
    })();
  }

  private failExpired(m: Held): void {
    const business = this.rt.stmt('SELECT * FROM businesses WHERE phone_number_id = ?').get(m.business) as Business | undefined;
    if (!business) return;
    const recipient = this.rt.open(m.consumer_sealed).toString('utf8');
    this.outbox.enqueue(
      business,
      statusWebhook(
        business,
        {
          id: m.id,
          status: 'failed',
          timestampSeconds: this.rt.nowSeconds(),
          recipient,
          errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Not delivered within the 30-day retention limit.' } }],
          ...opaqueDataFor(this.rt, m.id, 'failed'),
        },
        this.rt.seams.webhookTimestamp,
      ),
    );
  }

  /** Everything that names a consumer goes with their last message (S5). */
  private forgetIfLast(business: string, token: string, sealed: Buffer): void {
    const rt = this.rt;
    const number = rt.open(sealed).toString('utf8');
    for (const b of rt.businesses().filter((o) => rt.seams.purgeWaitsFor(business, o.phone_number_id))) {
      const other = b.phone_number_id === business ? token : rt.token(b.phone_number_id, number);
      if (rt.stmt('SELECT 1 FROM messages WHERE business = ? AND consumer = ? LIMIT 1').get(b.phone_number_id, other)) return;
      if (rt.stmt('SELECT 1 FROM inbound_envelopes WHERE business = ? AND sender = ? LIMIT 1').get(b.phone_number_id, other)) return;
    }
    const address = rt.token(business, `${number}.1`);
    rt.stmt('DELETE FROM sessions WHERE business = ? AND address = ?').run(business, address);
    rt.stmt('DELETE FROM remote_identities WHERE business = ? AND address = ?').run(business, address);
    forgetSimulated(rt, business, token);
    const left = rt.seams.purgeRecord(number);
    if (left !== null) rt.setMeta(`purged|${business}|${token}`, left);
  }
}
