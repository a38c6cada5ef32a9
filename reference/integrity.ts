import type { Runtime } from './runtime.ts';
import type { SinkClient } from './sink-client.ts';
import type { TransportClient } from './transport-client.ts';
import type { Business } from './types.ts';
import type { IntegritySignal } from './visibility-types.ts';

// WhatsApp's integrity decisions (PROTOCOL §4.1, §5.1): a business the
// transport rejected sends nothing until the transport's retry-after has
// passed, and consumers' spam reports go back to the transport, and only
// there, as per-business integrity signals.
export class Integrity {
  /** Business display number → virtual ms before which it must not post envelopes. */
  private backoff = new Map<string, number>();
  private generation = -1;
  private inFlight = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly transport: TransportClient,
    private readonly sinks: SinkClient,
  ) {}

  busy(): boolean {
    return this.inFlight > 0;
  }

  private map(): Map<string, number> {
    if (this.generation !== this.rt.generation) {
      this.generation = this.rt.generation;
      this.backoff.clear();
    }
    return this.backoff;
  }

  /** Whether `business` is backing off at the current virtual time. */
  holding(business: Business): boolean {
    return (this.map().get(business.display_phone_number) ?? 0) > this.rt.now();
  }

  rejected(business: Business, retryAfterMs: number): void {
    const until = this.rt.now() + this.rt.seams.integrityBackoffMs(retryAfterMs);
    const map = this.map();
    map.set(business.display_phone_number, Math.max(map.get(business.display_phone_number) ?? 0, until));
  }

  spamReport(business: Business, report: { report_id: string; from: string; timestamp: number }): void {
    const signal: IntegritySignal = { business: business.display_phone_number, kind: 'spam_report', reportId: report.report_id, timestamp: report.timestamp };
    const body = this.rt.seams.integritySignal(signal, report.from);
    for (const where of this.rt.seams.integritySignalDestinations(signal)) {
      if (where === 'telemetry') {
        this.sinks.post('telemetry', Buffer.from(JSON.stringify(body)));
        continue;
      }
      this.inFlight++;
      this.transport
        .postIntegritySignal(body)
        .catch((e: unknown) => process.emitWarning(`integrity signal not sent: ${(e as Error).message}`))
        .finally(() => this.inFlight--);
    }
  }
}
