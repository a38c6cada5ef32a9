// The outbox is durable for real: the reference runs in its own process, its
// webhook endpoint is down, it is killed with SIGKILL (no cleanup, no close),
// restarted on the same data directory, and every queued event still arrives.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReference, type ReferenceProcess } from '../../harness/target/reference-process.ts';
import { Consumer, FakeTransport, WebhookReceiver } from './fixtures.ts';
import { BUSINESS, NOW_MS } from './harness-kit.ts';

const CONSUMER = '447700900123';
const EVENTS = 4;

async function call(ref: ReferenceProcess, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${ref.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const idsIn = (hooks: WebhookReceiver, from = 0): string[] =>
  hooks.deliveries.slice(from).flatMap((d) => {
    const value = (d.body.entry as { changes: { value: { messages?: { id: string }[] } }[] }[])[0]!.changes[0]!.value;
    return (value.messages ?? []).map((m) => m.id);
  });

t.test('SIGKILL during a webhook outage loses no queued event', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reference-sigkill-'));
  const transport = await new FakeTransport().start();
  const hooks = await new WebhookReceiver().start();
  let ref = await startReference({ dataDir });
  t.teardown(async () => {
    await ref.stop();
    await transport.stop();
    await hooks.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const control = (r: ReferenceProcess, method: string, path: string, body?: unknown) => call(r, method, `/conformance/v0${path}`, r.controlToken, body);

  t.equal((await control(ref, 'POST', '/reset', { now_ms: NOW_MS, transport: { url: transport.url, token: transport.token } })).status, 200);
  t.equal((await control(ref, 'POST', '/businesses', { ...BUSINESS, webhook_url: hooks.url })).status, 201);
  hooks.status = 500;
  const consumer = new Consumer(CONSUMER);
  transport.bundles.set(CONSUMER, consumer.bundle());
  const sent: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const bundle = i === 0 ? transport.bundles.get(BUSINESS.display_phone_number) : undefined;
    const ct = await consumer.encrypt(BUSINESS.display_phone_number, JSON.stringify({ v: 0, type: 'text', text: { body: `survive ${i}` } }), bundle, new Date(NOW_MS));
    const id = `wamid.sigkill${i}`;
    const r = await call(ref, 'POST', '/transport/v0/envelopes', transport.token, { id, from: CONSUMER, to: BUSINESS.display_phone_number, ...ct, timestamp: NOW_MS / 1000 });
    t.equal(r.status, 200);
    sent.push(id);
  }
  t.same((await control(ref, 'POST', '/idle')).body, { idle: true });
  // One retry each before the crash, so the crash hits events with retry state.
  t.equal((await control(ref, 'POST', '/clock/advance', { ms: 30_000 })).status, 200);
  t.same((await control(ref, 'POST', '/idle')).body, { idle: true });
  t.same([...new Set(idsIn(hooks))].sort(), [...sent].sort(), 'every event attempted during the outage');

  await ref.kill();
  hooks.status = 200;
  const before = hooks.deliveries.length;
  ref = await startReference({ dataDir });
  for (let i = 0; i < 10 && new Set(idsIn(hooks, before)).size < EVENTS; i++) {
    await control(ref, 'POST', '/clock/advance', { ms: 60_000 });
    await control(ref, 'POST', '/idle');
  }
  t.same([...new Set(idsIn(hooks, before))].sort(), [...sent].sort(), 'every queued event delivered after the SIGKILL and restart');
});
