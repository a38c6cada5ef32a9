import t from 'tap';
import fc from 'fast-check';
import { outboundMessage, OUTBOUND_TYPES, sendBody } from '../../generators/outbound-message.ts';
import { invalidMessage, RULE_COUNT } from '../../generators/invalid-message.ts';
import { invalidPhoneNumber } from '../../generators/invalid-phone-number.ts';
import { limitedString, overLimit } from '../../generators/limited-string.ts';
import { malformedBody } from '../../generators/malformed-body.ts';
import { hostileRequest } from '../../generators/hostile-request.ts';

t.test('outboundMessage covers every type, with replies', async (t) => {
  const sample = fc.sample(outboundMessage({ replyTo: ['wamid.a'] }), { numRuns: 600, seed: 5 });
  for (const type of OUTBOUND_TYPES) t.ok(sample.some((m) => m.type === type), type);
  t.ok(sample.some((m) => m.context?.message_id === 'wamid.a'), 'a reply');
  t.ok(sample.every((m) => JSON.stringify(sendBody('1555', m)).length > 0));
  t.throws(() => outboundMessage({ types: [] }), /outboundMessage/);
});

t.test('media messages have exactly one of id and link; buttons have unique titles', async (t) => {
  fc.assert(
    fc.property(outboundMessage({ types: ['image', 'audio', 'video', 'document', 'sticker', 'interactive'] }), (m) => {
      const p = m.payload as Record<string, unknown>;
      if (m.type !== 'interactive') return ('id' in p) !== ('link' in p);
      const buttons = (p.action as { buttons?: { reply: { title: string } }[] }).buttons;
      return !buttons || new Set(buttons.map((b) => b.reply.title)).size === buttons.length;
    }),
    { numRuns: 400 },
  );
  t.pass();
});

t.test('invalidMessage breaks one named rule with the codes for its class', async (t) => {
  const sample = fc.sample(invalidMessage({ to: '447700900123' }), { numRuns: 1500, seed: 2 });
  t.equal(new Set(sample.map((r) => r.rule.replace(/ \(.*\)$|".*"$/, ''))).size >= RULE_COUNT - 2, true, 'every rule shows up');
  t.ok(sample.filter((r) => r.violation === 'missing').every((r) => r.codes?.includes(131008)));
  t.ok(sample.filter((r) => r.violation === 'invalid').every((r) => r.codes?.includes(131009)));
  t.throws(() => invalidMessage({ to: 'nope' }), /invalidMessage/);
});

t.test('invalid phone numbers are never 7 to 15 digits with an optional +', async (t) => {
  fc.assert(fc.property(invalidPhoneNumber(), (p) => !/^\+?[0-9]{7,15}$/.test(p.asSent)), { numRuns: 500 });
  t.pass();
});

t.test('limited strings respect their limit; overLimit is one over', async (t) => {
  fc.assert(fc.property(limitedString({ max: 20 }), (s) => [...s].length >= 1 && [...s].length <= 20), { numRuns: 500 });
  fc.assert(fc.property(overLimit(20), (s) => [...s].length === 21));
  t.ok(fc.sample(limitedString({ max: 20 }), { numRuns: 300, seed: 1 }).some((s) => [...s].length === 20), 'reaches the limit');
  t.throws(() => limitedString({ max: 0 }), /limitedString/);
});

t.test('malformed bodies are never a valid JSON send; sizes are capped', async (t) => {
  const valid = { messaging_product: 'whatsapp', to: '447700900123', type: 'text', text: { body: 'x' } };
  for (const m of fc.sample(malformedBody({ valid }), { numRuns: 200, seed: 3 })) {
    if (m.body.length > 3_100_000) t.fail(`${m.what} is too big`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(m.body));
    } catch {
      continue;
    }
    if ((parsed as { to?: unknown } | null)?.to !== undefined && m.contentType === undefined) t.fail(`${m.what} parses as a send`);
  }
  t.throws(() => malformedBody({ valid, maxBytes: 10 }), /maxBytes/);
});

t.test('hostile requests are JSON text and reach content fields', async (t) => {
  const valid = sendBody('447700900123', { type: 'text', payload: { body: 'x' } });
  const sample = fc.sample(hostileRequest({ valid }), { numRuns: 300, seed: 4 });
  t.ok(sample.some((r) => r.what.startsWith('text.body') && r.json.includes('\\u0000')), 'a NUL in text.body');
  t.ok(sample.some((r) => r.what.startsWith('duplicate key')));
  t.ok(sample.some((r) => r.what.startsWith('unknown field')));
});
