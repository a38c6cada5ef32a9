import { expect } from '../../core/expect.ts';
import { LeakScanner } from '../../leak/scan.ts';
import { TransportNotices } from '../../parties/transport-notices.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import { advance, type FuzzModel, type FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, consumer, readBusiness, readConsumer } from '../command-args.ts';
import { TELEMETRY_FLUSH_MS } from '../../core/durations.ts';

/** Telemetry windows are a minute long: past one, whatever the target reports has gone out. */

/**
 * A consumer reports a business for spam: an integrity signal naming the
 * business reaches the transport, without the reporter's number in any form,
 * and the report reaches no rest-of-Meta sink.
 */
export class SpamReportCommand implements DataCommand {
  static readonly command = 'spamReport';
  constructor(
    readonly consumer: number,
    readonly business: number,
    readonly reportId: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const consumer = r.consumers[this.consumer]!;
    const business = r.businesses[this.business]!;
    const transport = r.world.env.transport;
    const res = await new TransportNotices(r.world.env.client, transport).spamReport({ report_id: this.reportId, from: consumer.waId, to: business.waId, timestamp: r.world.clock.seconds });
    expect(res.status === 200, 'the spam report was not acknowledged', '200 {"ok": true}', `HTTP ${res.status}`);
    m.reports.add(this.reportId);
    await r.world.settle();
    const signal = transport.integritySignals.find((s) => (s as Record<string, unknown>).report_id === this.reportId) as Record<string, unknown> | undefined;
    expect(signal !== undefined, 'no integrity signal for the spam report reached the transport', `POST /v0/integrity-signals with report_id ${this.reportId}`, 'none');
    expect(signal.business === business.waId, 'the integrity signal does not name the reported business', `business ${business.waId}`, JSON.stringify(signal));
    const reporter = new LeakScanner([{ value: consumer.waId, kind: 'phone', label: 'reporter phone' }]).scanBytes(Buffer.from(JSON.stringify(signal)), { label: 'integrity signal' });
    expect(reporter.length === 0, 'the integrity signal names the reporting consumer, which delivery never needs', 'no form of the reporter\'s number', reporter.map((f) => f.chain).join('; '));
    await advance(m, r, TELEMETRY_FLUSH_MS);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'spamReport', args: { consumer: this.consumer, business: this.business, reportId: this.reportId } };
  }
  toString(): string {
    return `spamReport(c${this.consumer} reports b${this.business})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: SpamReportCommand.command,
  position: 19,
  requires: ['transport.integrity', 'webhooks', 'control.clock'],
  weight: 6,
  // Lower-case: a report id must never contain (or shrink into) the run's content canary.
  arbitrary: () => fc.tuple(consumer, business, fc.stringMatching(/^[a-z0-9]{12}$/)).map(([c, b, id]) => new SpamReportCommand(c, b, `spam-report-${id}`)),
  fromData: (a) => new SpamReportCommand(readConsumer(a), readBusiness(a), a.str('reportId')),
};
