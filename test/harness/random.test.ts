// Seeded digits: a replayed run must provision the numbers its original did.
import t from 'tap';
import { randomDigits, seededDigits } from '../../harness/core/random.ts';

t.test('the same seed gives the same digits in the same order', async (t) => {
  const a = seededDigits('CNRY-one');
  const b = seededDigits('CNRY-one');
  const drawn = [15, 15, 7, 2, 10, 40].map((n) => a(n));
  t.same([15, 15, 7, 2, 10, 40].map((n) => b(n)), drawn);
  t.not(seededDigits('CNRY-two')(15), drawn[0], 'another seed, other digits');
  for (const d of drawn) t.match(d, /^[1-9][0-9]*$/, 'digits, the first non-zero');
  t.same(drawn.map((d) => d.length), [15, 15, 7, 2, 10, 40]);
});

t.test('random digits have the asked length and no leading zero', async (t) => {
  for (let i = 0; i < 50; i++) t.match(randomDigits(12), /^[1-9][0-9]{11}$/);
});
