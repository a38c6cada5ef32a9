import t from 'tap';
import fc from 'fast-check';
import { canaryMessage, INBOUND_TEXT_TYPES, OUTBOUND_TEXT_TYPES, type CanaryMessage } from '../../generators/canary-message.ts';

/** The value at a recorded path (`[0].name.formatted_name`, `components[0].parameters[1].text`). */
function at(payload: unknown, path: string): unknown {
  const steps = path.match(/[^.[\]]+/g) ?? [];
  return steps.reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], payload);
}

const LIMITS: Record<string, number> = { body: 4096, caption: 1024, name: 100, address: 200, formatted_name: 60, title: 20, description: 72, display_text: 20, text: 60 };
const cp = (s: string): number => Array.from(s).length;

function plantedEverywhere(m: CanaryMessage): boolean {
  return m.fields.length > 0 && m.fields.every((f) => {
    const v = at(m.payload, f);
    return typeof v === 'string' && v.includes(m.canary);
  });
}

t.test('every listed field holds the canary, within its limit', async (t) => {
  for (const direction of ['outbound', 'inbound'] as const) {
    const sample = fc.sample(canaryMessage({ direction }), { numRuns: 300, seed: 7 });
    t.ok(sample.every(plantedEverywhere), `${direction}: planted where it says`);
    t.ok(sample.every((m) => /^CNRY[A-Z2-9]{16}$/.test(m.canary)), `${direction}: a canary`);
    const types = direction === 'outbound' ? OUTBOUND_TEXT_TYPES : INBOUND_TEXT_TYPES;
    for (const type of types) t.ok(sample.some((m) => m.type === type), `${direction} ${type} drawn`);
    for (const m of sample) {
      for (const f of m.fields) {
        const leaf = f.split('.').at(-1)!.replace(/\[\d+\]$/, '');
        const max = f.endsWith('rows[0].title') || f === 'list_reply.title' ? 24 : f.endsWith('body.text') ? 1024 : LIMITS[leaf];
        if (max !== undefined && cp(at(m.payload, f) as string) > max) t.fail(`${direction} ${m.type} ${f} over ${max}`);
      }
    }
  }
});

t.test('captions, filenames, names, buttons and parameters are all covered', async (t) => {
  const fields = new Set(fc.sample(canaryMessage({ direction: 'outbound' }), { numRuns: 400, seed: 9 }).flatMap((m) => m.fields.map((f) => `${m.type}:${f}`)));
  for (const f of ['image:caption', 'video:caption', 'document:caption', 'document:filename', 'location:name', 'location:address', 'contacts:[0].name.formatted_name', 'interactive:body.text', 'template:components[0].parameters[0].text']) {
    t.ok(fields.has(f), f);
  }
  t.ok([...fields].some((f) => f.startsWith('interactive:action.')), 'an interactive button, row or call to action');
});

t.test('one type at a time, and the same seed gives the same messages', async (t) => {
  t.ok(fc.sample(canaryMessage({ direction: 'inbound', types: ['button'] }), { numRuns: 20, seed: 1 }).every((m) => m.type === 'button'));
  t.same(fc.sample(canaryMessage({ direction: 'outbound' }), { numRuns: 10, seed: 4 }), fc.sample(canaryMessage({ direction: 'outbound' }), { numRuns: 10, seed: 4 }));
});

t.test('constraints are checked when the arbitrary is built', async (t) => {
  t.throws(() => canaryMessage({ direction: 'outbound', types: ['audio'] }), /canaryMessage: outbound types/);
  t.throws(() => canaryMessage({ direction: 'inbound', types: [] }), /canaryMessage/);
  t.throws(() => canaryMessage({ direction: 'sideways' as 'inbound' }), /canaryMessage: direction/);
});
