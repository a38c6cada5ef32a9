// What must hold after every step of a fuzz run, whatever the steps were.
// Each check throws a CaseFailure saying what was expected and what happened.

import { isDeepStrictEqual } from 'node:util';
import { expect } from '../core/context.ts';
import { scanExchanges, type Secret } from '../leak/scan.ts';
import { showJson } from '../verify/show.ts';
import { messageEvents, statusEvents } from '../verify/webhook-events.ts';
import type { FuzzModel, FuzzReal } from './model.ts';

const RANK: Record<string, number> = { sent: 0, delivered: 1, read: 2 };

/** Every message a consumer got decrypts, is one the model sent it, and arrives once. */
async function outboundExactlyOnce(m: FuzzModel, r: FuzzReal): Promise<void> {
  for (const [ci, consumer] of r.consumers.entries()) {
    await consumer.receive();
    const seen = new Set<string>();
    for (const got of consumer.received) {
      expect(got.error === undefined, `consumer c${ci} could not decrypt ${got.envelope.id}`, 'every relayed envelope decrypts', got.error ?? '');
      expect(!seen.has(got.envelope.id), `consumer c${ci} received ${got.envelope.id} twice`, 'each message once', 'twice');
      seen.add(got.envelope.id);
      const sent = m.outbound.get(got.envelope.id);
      expect(sent !== undefined && sent.consumer === ci, `consumer c${ci} received ${got.envelope.id}, which no business sent it`, 'only messages sent to this consumer', got.envelope.id);
      if (sent.content) {
        const want = JSON.parse(JSON.stringify(sent.content)) as Record<string, unknown>;
        const content = (got.content ?? {}) as Record<string, unknown>;
        const actual = Object.fromEntries(Object.keys(want).map((k) => [k, content[k]]));
        expect(isDeepStrictEqual(actual, want), `consumer c${ci} decrypted other ${String(want.type)} content than was sent for ${got.envelope.id}`, showJson(want, 300), showJson(content, 300));
      } else {
        const body = (got.content as { text?: { body?: unknown } } | undefined)?.text?.body;
        expect(body === sent.body, `consumer c${ci} decrypted other text than was sent for ${got.envelope.id}`, showJson(sent.body, 300), showJson(body, 300));
      }
    }
    for (const [id, sent] of m.outbound) {
      if (sent.consumer === ci && sent.inWindow) {
        expect(seen.has(id), `message ${id} to consumer c${ci} was accepted inside the 24-hour window but never delivered`, 'delivered over the transport', 'not delivered after the target became idle');
      }
    }
  }
}

/** Every consumer message reaches its business, exactly, and no other business. */
function inboundForwarded(m: FuzzModel, r: FuzzReal): void {
  const perBusiness = r.businesses.map((b) => messageEvents(r.world.webhooks(b)));
  for (const [id, sent] of m.inbound) {
    const mine = perBusiness[sent.business]!.filter((e) => e.message.id === id);
    // While its webhook fails, or once retries ran out in a week-long outage, a business may lack it.
    const excused = m.outage.has(sent.business) || m.mayBeLost.has(id);
    expect(mine.length > 0 || excused, `consumer message ${id} never reached business b${sent.business}`, 'a messages webhook with that id', 'none after the target became idle');
    for (const e of mine) {
      const text = (e.message.text as { body?: unknown } | undefined)?.body;
      expect(text === sent.body, `business b${sent.business} got other text than consumer c${sent.consumer} sent (${id})`, showJson(sent.body, 300), showJson(text, 300));
    }
    for (const [bi, events] of perBusiness.entries()) {
      if (bi !== sent.business) expect(!events.some((e) => e.message.id === id), `message ${id} for b${sent.business} was delivered to business b${bi}`, 'only the addressed business', `also b${bi}`);
    }
  }
}

function webhooksSignedAndOrdered(m: FuzzModel, r: FuzzReal): void {
  for (const [bi, b] of r.businesses.entries()) {
    const deliveries = r.world.webhooks(b);
    for (const d of deliveries) {
      expect(d.signatureValid, `a webhook to b${bi} is not signed with its app secret`, 'valid X-Hub-Signature-256', d.signatureHeader ?? '(absent)');
    }
    const byId = new Map<string, string[]>();
    for (const e of statusEvents(deliveries)) {
      const id = String(e.status.id);
      const sent = m.outbound.get(id);
      expect(sent !== undefined && sent.business === bi, `business b${bi} got a status for ${id}, which it did not send`, 'statuses only for its own messages', JSON.stringify(e.status).slice(0, 300));
      byId.set(id, [...(byId.get(id) ?? []), String(e.status.status)]);
    }
    for (const [id, order] of byId) {
      // Retries after an outage may arrive in any order (delivery order is not guaranteed).
      for (let i = 1; i < order.length && !m.hadOutage.has(bi); i++) {
        expect(!((RANK[order[i]!] ?? 3) < (RANK[order[i - 1]!] ?? 3)), `the status of ${id} went backwards`, 'sent → delivered → read', order.join(' → '));
      }
      if (order.includes('read')) expect(m.receipts.get(id)?.has('read') === true, `${id} reported read, but the consumer sent no read receipt`, 'read only after a read receipt', order.join(' → '));
    }
  }
}

/**
 * The visibility matrix on everything the run sent: content only as
 * ciphertext on the transport and never in a sink; consumer numbers and
 * message ids never in a sink (rest of Meta); nothing to the ads sink.
 */
function nothingLeaks(m: FuzzModel, r: FuzzReal): void {
  const log = r.world.env.logs.current;
  const contentLeaks = scanExchanges([...log.on('transport'), ...log.on('sink')], [r.canary]);
  expect(contentLeaks.length === 0, 'content reached the transport outside the ciphertext, or a rest-of-Meta sink', 'no form of the content canary there', contentLeaks.map((l) => l.chain).join('; '));
  const identifying: Secret[] = [
    ...r.consumers.map((c) => ({ value: c.waId, kind: 'phone' as const })),
    ...[...m.outbound.keys(), ...m.inbound.keys()].map((id) => ({ value: id, kind: 'content' as const, label: 'message id' })),
  ];
  const sinkLeaks = scanExchanges(log.on('sink'), identifying);
  expect(sinkLeaks.length === 0, 'a consumer number or a message id reached a rest-of-Meta sink', 'only non-identifiable aggregates in telemetry', sinkLeaks.slice(0, 5).map((l) => l.chain).join('; '));
  const ads = log.on('sink').filter((x) => x.url.includes('/ads'));
  expect(ads.length === 0, 'the advertising sink received data', 'nothing sent to the advertising sink', `${ads.length} request(s)`);
  expect(r.world.env.transport.problems.length === 0, 'the target broke the transport protocol', 'no protocol violation on the transport', r.world.env.transport.problems.join('; '));
}

export async function checkInvariants(m: FuzzModel, r: FuzzReal): Promise<void> {
  await r.world.settle();
  await outboundExactlyOnce(m, r);
  inboundForwarded(m, r);
  webhooksSignedAndOrdered(m, r);
  nothingLeaks(m, r);
}
