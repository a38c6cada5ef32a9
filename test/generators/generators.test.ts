import t from 'tap';
import fc from 'fast-check';
import { textBody } from '../../generators/text-body.ts';
import { TEXT_BODY_MAX } from '../../harness/core/durations.ts';
import { canary, textWithCanary } from '../../generators/canary.ts';
import { phoneNumber } from '../../generators/phone-number.ts';

t.test('text bodies fit the limit, survive UTF-8 and are never blank', async (t) => {
  fc.assert(
    fc.property(textBody(), (s) => {
      if (s.length < 1 || s.length > TEXT_BODY_MAX) return false;
      if (Buffer.from(s, 'utf8').toString('utf8') !== s) return false; // no lone surrogates
      return /\S/u.test(s.replace(/[\u200B-\u200D\uFEFF]/g, ''));
    }),
    { numRuns: 500 },
  );
  t.pass('500 bodies checked');
});

t.test('text bodies reach the hard places', async (t) => {
  const sample = fc.sample(textBody(), { numRuns: 400, seed: 1 });
  t.ok(sample.some((s) => s !== s.trim()), 'white space at an edge');
  t.ok(sample.some((s) => s !== s.normalize('NFC')), 'a string NFC changes');
  t.ok(sample.some((s) => /\p{Extended_Pictographic}/u.test(s)), 'emoji');
  t.ok(sample.some((s) => /[\u0590-\u08FF]/.test(s)), 'right-to-left script');
  t.ok(sample.some((s) => s.length > 4000), 'near the 4,096 limit');
});

t.test('the same seed gives the same bodies', async (t) => {
  t.same(fc.sample(textBody(), { numRuns: 20, seed: 42 }), fc.sample(textBody(), { numRuns: 20, seed: 42 }));
});

t.test('textBody refuses an impossible limit', async (t) => {
  t.throws(() => textBody({ maxLength: 0 }), /textBody: maxLength/);
  t.throws(() => textBody({ maxLength: 5000 }), /textBody: maxLength/);
});

t.test('canaries are embedded whole', async (t) => {
  fc.assert(fc.property(textWithCanary(textBody()), ({ body, canary: c }) => body.includes(c) && /^CNRY[A-Z2-9]{16}$/.test(c)), { numRuns: 200 });
  t.equal(new Set(fc.sample(canary(), { numRuns: 200, seed: 3 })).size, 200, 'no repeats in 200');
});

t.test('phone numbers are E.164 digits, written with or without +', async (t) => {
  const sample = fc.sample(phoneNumber(), { numRuns: 300, seed: 5 });
  t.ok(sample.every((p) => /^[1-9]\d{7,14}$/.test(p.waId) && (p.asSent === p.waId || p.asSent === `+${p.waId}`)));
  t.ok(sample.some((p) => p.asSent.startsWith('+')) && sample.some((p) => !p.asSent.startsWith('+')));
});
