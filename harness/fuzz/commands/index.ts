// The fuzzer's command alphabet: one arbitrary per command over the whole
// surface the target declares. New areas add their commands here.

import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import { BUSINESSES, CONSUMERS } from '../model.ts';
import type { DataCommand } from '../command-data.ts';
import { SendTextCommand } from './send-text.ts';
import { ConsumerSendTextCommand } from './consumer-send-text.ts';
import { ReceiptCommand } from './receipt.ts';
import { ClockJumpCommand } from './clock-jump.ts';
import { BurstCommand } from './burst.ts';
import { SendAnyTypeCommand } from './send-any-type.ts';
import { MalformedRequestCommand, NOBODY } from './malformed-request.ts';
import { WebhookOutageCommand } from './webhook-outage.ts';
import { outboundMessage } from '../../../generators/outbound-message.ts';
import { malformedBody } from '../../../generators/malformed-body.ts';
import { hostileRequest } from '../../../generators/hostile-request.ts';

const business = fc.nat({ max: BUSINESSES - 1 });
const consumer = fc.nat({ max: CONSUMERS - 1 });
const body = textBody({ maxLength: 300 });

const SECOND = 1000;
const DAY = 86_400_000;

export function commandArbitraries(declared: ReadonlySet<string>): Array<fc.Arbitrary<DataCommand>> {
  const out: Array<fc.Arbitrary<DataCommand>> = [
    fc.tuple(business, consumer, body, fc.boolean()).map(([b, c, t, plus]) => new SendTextCommand(b, c, t, plus)),
    fc.tuple(business, consumer, fc.array(textBody({ maxLength: 60 }), { minLength: 2, maxLength: 8 })).map(([b, c, ts]) => new BurstCommand(b, c, ts)),
  ];
  // Any type a target may send; a valid body to mangle for the malformed ones (its `to` is nobody's).
  out.push(fc.tuple(business, consumer, outboundMessage()).map(([b, c, msg]) => new SendAnyTypeCommand(b, c, msg)));
  const valid = { messaging_product: 'whatsapp', recipient_type: 'individual', to: NOBODY, type: 'text', text: { body: 'x' } };
  out.push(
    fc.tuple(business, fc.oneof(malformedBody({ valid, maxBytes: 1_200_000 }), hostileRequest({ valid }).map((h) => ({ what: h.what, body: Buffer.from(h.json), contentType: 'application/json' }))))
      .map(([b, req]) => new MalformedRequestCommand(b, req)),
  );
  if (declared.has('webhooks') && declared.has('control.clock')) {
    // Fast failures only (500, reset): a hanging endpoint costs seconds per attempt; HOOK-retry-* cover it.
    out.push(fc.tuple(business, fc.constantFrom<'ok' | 'error-500' | 'reset'>('ok', 'error-500', 'reset')).map(([b, mode]) => new WebhookOutageCommand(b, mode)));
  }
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
