// The request forms Meta documents as accepted, on the clean reference, and
// the fault that refuses each (reference/faults/).
import t from 'tap';
import { BUSINESS, Kit } from './harness-kit.ts';

const CONSUMER = '447700900123';
const TEMPLATE = { messaging_product: 'whatsapp', recipient_type: 'individual', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

async function kit(t: { teardown(fn: () => unknown): void }, fault?: string): Promise<Kit> {
  const k = await Kit.start(fault);
  t.teardown(() => k.stop());
  await k.resetAndProvision();
  return k;
}

async function raw(k: Kit, path: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${k.reference.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const encoded = (to: string) => new URLSearchParams({ ...TEMPLATE, to, template: JSON.stringify(TEMPLATE.template) }).toString();
const auth = { authorization: `Bearer ${BUSINESS.access_token}` };

t.test('clean: punctuated `to`, query token, form body, every interactive kind', async (t) => {
  const k = await kit(t);
  const punctuated = await k.send('', { ...TEMPLATE, to: '+44 (7700) 900-123' });
  t.equal(punctuated.status, 200);
  t.same(punctuated.body.contacts, [{ input: '+44 (7700) 900-123', wa_id: CONSUMER }]);
  t.equal((await k.send('', { ...TEMPLATE, to: '++447700900123' })).status, 400, 'two "+" still refused');

  const query = await raw(k, `/v23.0/${BUSINESS.phone_number_id}/messages?access_token=${BUSINESS.access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...TEMPLATE, to: CONSUMER }) });
  t.equal(query.status, 200, 'access_token in the query');

  const form = await raw(k, `/v23.0/${BUSINESS.phone_number_id}/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: encoded(CONSUMER) });
  t.equal(form.status, 200, 'form-encoded body');

  k.openWindow(CONSUMER);
  const flow = await k.send(CONSUMER, {
    messaging_product: 'whatsapp', to: CONSUMER, type: 'interactive',
    interactive: { type: 'flow', body: { text: 'Sign up' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Open', flow_id: '123' } } },
  });
  t.equal(flow.status, 200, 'flow');
  const both = await k.send(CONSUMER, {
    messaging_product: 'whatsapp', to: CONSUMER, type: 'interactive',
    interactive: { type: 'flow', body: { text: 'Sign up' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Open', flow_id: '123', flow_name: 'x' } } },
  });
  t.equal(both.status, 400, 'a Flow named by id and by name is refused');
  const location = await k.send(CONSUMER, { messaging_product: 'whatsapp', to: CONSUMER, type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Where?' }, action: { name: 'send_location' } } });
  t.equal(location.status, 200, 'location request');
});

t.test('recipient-punctuation-refused', async (t) => {
  const k = await kit(t, 'recipient-punctuation-refused');
  t.equal((await k.send('', { ...TEMPLATE, to: '+44 7700 900123' })).status, 400);
  t.equal((await k.send('', { ...TEMPLATE, to: '+447700900123' })).status, 200, 'plain digits still accepted');
});

t.test('access-token-query-ignored', async (t) => {
  const k = await kit(t, 'access-token-query-ignored');
  const query = await raw(k, `/v23.0/${BUSINESS.phone_number_id}/messages?access_token=${BUSINESS.access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...TEMPLATE, to: CONSUMER }) });
  t.equal(query.status, 401);
});

t.test('form-encoded-body-refused', async (t) => {
  const k = await kit(t, 'form-encoded-body-refused');
  const form = await raw(k, `/v23.0/${BUSINESS.phone_number_id}/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: encoded(CONSUMER) });
  t.equal(form.status, 400);
});

t.test('interactive-flow-refused', async (t) => {
  const k = await kit(t, 'interactive-flow-refused');
  k.openWindow(CONSUMER);
  const flow = await k.send(CONSUMER, {
    messaging_product: 'whatsapp', to: CONSUMER, type: 'interactive',
    interactive: { type: 'flow', body: { text: 'Sign up' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Open', flow_id: '123' } } },
  });
  t.equal((flow.body.error as { code?: number }).code, 131051);
});
