// The punctuated recipients of GRAPH-recipient-forms-accepted: only the
// characters Meta documents, always the "+", the digits unchanged.
import t from 'tap';
import fc from 'fast-check';
import { punctuated } from '../../generators/punctuated-number.ts';
import { fixedWaId } from '../../harness/verify/form-accepted.ts';

t.test('punctuated numbers keep their digits and use only documented characters', async (t) => {
  const digits = fc.stringMatching(/^[1-9][0-9]{6,14}$/);
  fc.assert(
    fc.property(digits.chain((d) => fc.tuple(fc.constant(d), punctuated(d))), ([d, to]) => {
      t.equal(to.replace(/[^0-9]/g, ''), d);
      t.match(to, /^\+[0-9][0-9 ()-]*[0-9]$/);
      t.not(to, `+${d}`, 'some punctuation');
    }),
    { numRuns: 50, seed: 1 },
  );
});

t.test('Brazil and Mexico: no wa_id is fixed', async (t) => {
  t.equal(fixedWaId('5511987654321'), undefined);
  t.equal(fixedWaId('5215512345678'), undefined);
  t.equal(fixedWaId('447700900123'), '447700900123');
});
