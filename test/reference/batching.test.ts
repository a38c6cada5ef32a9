// Under load the reference shares requests: envelopes queued while others are
// in flight leave in one `envelopes:batch` request, and statuses due together
// leave in one webhook. Either way every message must come out exactly as if
// sent alone: these tests hold it to that.
import t from 'tap';
import { BUSINESS, Kit } from './harness-kit.ts';
import type { Delivery } from './fixtures.ts';

const statusesOf = (d: Delivery) =>
  ((d.body.entry as { changes: { value: { statuses?: { id: string; status: string }[] } }[] }[])[0]!.changes[0]!.value.statuses ?? []);

t.test('many consumers at once: envelopes batched, each answered on its own', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const waIds = Array.from({ length: 30 }, (_, i) => `4477009${String(i).padStart(5, '0')}`);
  const consumers = waIds.map((w) => kit.consumer(w));
  // One consumer is offline and one unknown: their outcomes must not leak onto their batch neighbours.
  kit.transport.offline.add(waIds[3]!);
  const unknown = '447709999999';
  const answers = await Promise.all([...waIds, unknown].map((w, i) => kit.sendText(w, `hello ${i}`)));
  t.ok(answers.every((a) => a.status === 200), 'every send accepted');
  await kit.idle();
  t.ok(kit.transport.batches > 0, 'at least one batch request was made');
  t.equal(kit.transport.envelopes.length, waIds.length - 1, 'every online consumer got exactly one envelope');
  for (const [i, c] of consumers.entries()) {
    if (i === 3) continue;
    const env = kit.transport.envelopes.find((e) => e.to === c.waId)!;
    const plain = JSON.parse(await c.decrypt(BUSINESS.display_phone_number, env.type as number, env.body as string)) as { text: { body: string } };
    t.equal(plain.text.body, `hello ${i}`, `consumer ${i} decrypts its own message`);
  }
  const statuses = kit.hooks.deliveries.flatMap(statusesOf);
  const idOf = (i: number) => (answers[i]!.body.messages as { id: string }[])[0]!.id;
  t.same(statuses.filter((s) => s.id === idOf(3)), [], 'the offline consumer’s message is still pending: no status');
  t.same(statuses.filter((s) => s.id === idOf(waIds.length)).map((s) => s.status), ['failed'], 'the unknown recipient’s message failed');
  t.equal(statuses.filter((s) => s.status === 'sent').length, waIds.length - 1, 'one sent status per delivered message');
});

t.test('statuses due together are merged into one signed delivery, in order', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  const waIds = Array.from({ length: 20 }, (_, i) => `4477008${String(i).padStart(5, '0')}`);
  for (const w of waIds) kit.consumer(w);
  // The endpoint is down while the statuses queue up, so they are due together when it recovers.
  kit.hooks.status = 500;
  const answers = await Promise.all(waIds.map((w, i) => kit.sendText(w, `m${i}`)));
  await kit.idle();
  kit.hooks.status = 200;
  kit.hooks.deliveries.length = 0;
  t.equal((await kit.control('POST', '/clock/advance', { ms: 3_600_000 })).status, 200);
  await kit.idle();
  const statuses = kit.hooks.deliveries.flatMap(statusesOf);
  t.equal(statuses.length, waIds.length, 'every sent status delivered once');
  t.same(new Set(statuses.map((s) => s.id)), new Set(answers.map((a) => (a.body.messages as { id: string }[])[0]!.id)));
  t.ok(kit.hooks.deliveries.length < waIds.length, `merged into ${kit.hooks.deliveries.length} deliveries`);
  for (const d of kit.hooks.deliveries) t.ok(d.signature?.startsWith('sha256='), 'each delivery signed');
});
