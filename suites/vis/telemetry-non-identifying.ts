import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { Business } from '../../harness/run/world.ts';
import type { Consumer } from '../../harness/parties/consumer.ts';
import { differences, telemetryJson, timestampsAmong } from '../../harness/verify/telemetry-aggregate.ts';
import { SECOND_MS, TELEMETRY_FLUSH_MS } from '../../harness/core/durations.ts';

const GAP_MS = 5 * SECOND_MS;

export default defineCase({
  id: 'VIS-telemetry-non-identifying',
  title: 'Telemetry is per-business aggregates only: no per-message times, nothing that tells one consumer (or their country) from another',
  clause: {
    text: 'Meta\'s visibility table: the rest of Meta may see "non-identifiable statistics"; it has no access to user phone numbers. Protocol: sinks get aggregate, non-identifiable statistics per business, never per-message metadata (message ids, per-message timestamps). So two periods with the same traffic, the consumers\' roles swapped, give the same statistics.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#non-identifiable-statistics; harness/PROTOCOL.md#21-rest-of-meta-sinks-and-telemetry-capability-telemetry',
  },
  severity: 'MUST',
  requires: ['transport.signal', 'control.provision', 'control.clock', 'control.idle', 'telemetry'],
  faults: ['telemetry-per-consumer-counts', 'telemetry-country-codes', 'telemetry-activity-times'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    // Two consumers with different country codes and prefixes.
    const p = await world.signalConsumer(`44${String(ctx.seed).padStart(10, '7').slice(-10)}`);
    const q = await world.signalConsumer(`33${String(ctx.seed + 1).padStart(10, '6').slice(-10)}`);
    /** One period: `first` writes a twice and b once, `second` writes a once; returns the message times (s) and the JSON posted. */
    const period = async (first: Consumer, second: Consumer) => {
      const posted = world.wireLog().on('sink').length;
      const times: number[] = [];
      const plan: Array<[Consumer, Business]> = [[first, a], [second, a], [first, a], [first, b]];
      for (const [who, to] of plan) {
        await world.advanceClock(GAP_MS);
        times.push(world.clock.seconds);
        await who.send(to.waId, { v: 0, type: 'text', text: { body: 'counted' } });
        await world.settle();
      }
      await world.advanceClock(TELEMETRY_FLUSH_MS);
      await world.settle();
      const posts = world.wireLog().on('sink').slice(posted).filter((x) => x.url.includes('/sinks/telemetry'));
      return { times, startS: world.clock.seconds, json: telemetryJson(posts) };
    };
    const one = await period(p, q);
    const two = await period(q, p);
    for (const w of [one, two]) {
      const found = w.json.flatMap((j) => timestampsAmong(j, w.times.slice(1)));
      expect(found.length === 0, 'telemetry carries the time of single messages', `no value equal to a message time (${w.times.slice(1).join(', ')} s, or in ms)`, found.join('; '));
    }
    if (one.json.length === 0 && two.json.length === 0) {
      ctx.note('the target posted no JSON telemetry: nothing to compare');
      return;
    }
    const shift = two.startS - one.startS;
    const diff = differences(one.json, two.json, shift);
    expect(
      diff.length === 0,
      'telemetry tells consumers apart: the same traffic with the consumers swapped gave other statistics',
      `the same statistics for both periods (times ${shift} s later aside)`,
      diff.slice(0, 8).join('; '),
    );
  },
});
