// The fuzzer's command alphabet: one arbitrary per command over the whole
// surface the target declares. New areas add their commands here.

import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import { BUSINESSES, CONSUMERS, type FuzzModel, type FuzzReal } from '../model.ts';
import { SendTextCommand } from './send-text.ts';
import { ConsumerSendTextCommand } from './consumer-send-text.ts';
import { ReceiptCommand } from './receipt.ts';
import { ClockJumpCommand } from './clock-jump.ts';
import { BurstCommand } from './burst.ts';

const business = fc.nat({ max: BUSINESSES - 1 });
const consumer = fc.nat({ max: CONSUMERS - 1 });
const body = textBody({ maxLength: 300 });

const SECOND = 1000;
const DAY = 86_400_000;

export function commandArbitraries(declared: ReadonlySet<string>): Array<fc.Arbitrary<fc.AsyncCommand<FuzzModel, FuzzReal>>> {
  const out: Array<fc.Arbitrary<fc.AsyncCommand<FuzzModel, FuzzReal>>> = [
    fc.tuple(business, consumer, body, fc.boolean()).map(([b, c, t, plus]) => new SendTextCommand(b, c, t, plus)),
    fc.tuple(business, consumer, fc.array(textBody({ maxLength: 60 }), { minLength: 2, maxLength: 8 })).map(([b, c, ts]) => new BurstCommand(b, c, ts)),
  ];
  if (declared.has('webhooks') && declared.has('transport.signal')) {
    out.push(
      fc.tuple(consumer, business, body).map(([c, b, t]) => new ConsumerSendTextCommand(c, b, t)),
      fc.tuple(consumer, business, fc.constantFrom<'delivered' | 'read'>('delivered', 'read')).map(([c, b, k]) => new ReceiptCommand(c, b, k)),
    );
  }
  if (declared.has('control.clock')) {
    out.push(fc.constantFrom(SECOND, 60 * SECOND, 3600 * SECOND, 23 * 3600 * SECOND, 25 * 3600 * SECOND, 8 * DAY, 31 * DAY, 40 * DAY).map((ms) => new ClockJumpCommand(ms)));
  }
  return out;
}

/** The capabilities a fuzz run needs at the least. */
export const FUZZ_REQUIRES = ['graph.messages', 'transport.signal', 'control.provision', 'control.idle'] as const;
