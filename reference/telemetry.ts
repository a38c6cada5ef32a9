import type { Runtime } from './runtime.ts';
import type { SinkClient } from './sink-client.ts';
import type { Business } from './types.ts';
import type { BillingNotice, BusinessCounts, RecentMessage } from './visibility-types.ts';

// Aggregate, non-identifiable telemetry for rest-of-Meta (PROTOCOL §2.1):
// per-business counts, sent once per window of virtual time. Counts live in
// memory: losing a window on restart is acceptable for statistics.
export const TELEMETRY_WINDOW_MS = 60_000;
const RECENT_KEPT = 50;

export class Telemetry {
  private counts = new Map<string, BusinessCounts>();
  private recent: RecentMessage[] = [];
  private billing: BillingNotice[] = [];
  private generation = -1;
  private windowStart = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly sinks: SinkClient,
  ) {}

  /** Work from before the last reset is forgotten. */
  private current(): void {
    if (this.generation === this.rt.generation) return;
    this.generation = this.rt.generation;
    this.counts.clear();
    this.recent = [];
    this.billing = [];
    this.windowStart = this.rt.now();
  }

  private of(b: Business): BusinessCounts {
    this.current();
    let c = this.counts.get(b.phone_number_id);
    if (!c) {
      c = { wabaId: b.waba_id, phoneNumberId: b.phone_number_id, sent: 0, received: 0, billable: 0 };
      this.counts.set(b.phone_number_id, c);
    }
    return c;
  }

  message(b: Business, direction: 'sent' | 'received', m: Omit<RecentMessage, 'business'>): void {
    this.of(b)[direction]++;
    this.recent.push({ ...m, business: b.phone_number_id });
    if (this.recent.length > RECENT_KEPT) this.recent.shift();
  }

  billed(b: Business, notice: BillingNotice): void {
    if (notice.billable) this.of(b).billable++;
    this.billing.push(notice);
    if (this.billing.length > RECENT_KEPT) this.billing.shift();
  }

  /** Called when the clock moves: a window that has ended is sent. */
  tick(): void {
    this.current();
    const now = this.rt.now();
    if (now - this.windowStart < TELEMETRY_WINDOW_MS) return;
    this.windowStart = now;
    if (this.counts.size === 0) return;
    const window = { endMs: now, businesses: [...this.counts.values()], recent: this.recent, billing: this.billing };
    this.counts = new Map();
    this.recent = [];
    this.billing = [];
    this.sinks.post('telemetry', Buffer.from(JSON.stringify(this.rt.seams.telemetryPayload(window))));
    const ads = this.rt.seams.adsPayload(window);
    if (ads !== null) this.sinks.post('ads', ads, 'application/octet-stream');
  }
}
