// What must hold after every step of a fuzz run, whatever the steps were.
// Each check throws a CaseFailure saying what was expected and what happened.

import { isDeepStrictEqual } from 'node:util';
import { expect } from '../core/expect.ts';
import { scanExchanges, type Secret } from '../leak/scan.ts';
import { showJson } from '../verify/show.ts';
import { messageEvents, statusEvents } from '../verify/webhook-events.ts';
import { statusErrorsProblem } from '../verify/status-errors.ts';
import type { FuzzModel, FuzzReal } from './model.ts';
import { DAY_MS, HOUR_MS, SECOND_MS, WEBHOOK_RETRY_MS } from '../core/durations.ts';

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
      expect(sent.mustFail === undefined, `consumer c${ci} received ${got.envelope.id}, a message ${sent.mustFail ?? ''}`, 'refused or failed, never delivered', 'delivered over the transport');
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
    // At least once: a delivery the endpoint acknowledged, not just attempts it refused.
    expect(mine.some((e) => e.delivery.acked) || excused, `consumer message ${id} never reached business b${sent.business}`, 'an acknowledged messages webhook with that id', mine.length > 0 ? `${mine.length} refused attempt(s), none acknowledged after the endpoint recovered` : 'none after the target became idle');
    const acked = mine.filter((e) => e.delivery.acked).length;
    expect(acked <= 1, `consumer message ${id} was forwarded to b${sent.business} ${acked} times, each acknowledged`, 'once (retried only while not acknowledged)', `${acked} acknowledged deliveries`);
    for (const e of mine) {
      const text = (e.message.text as { body?: unknown } | undefined)?.body;
      expect(text === sent.body, `business b${sent.business} got other text than consumer c${sent.consumer} sent (${id})`, showJson(sent.body, 300), showJson(text, 300));
    }
    for (const [bi, events] of perBusiness.entries()) {
      if (bi !== sent.business) expect(!events.some((e) => e.message.id === id), `message ${id} for b${sent.business} was delivered to business b${bi}`, 'only the addressed business', `also b${bi}`);
    }
  }
}

/** Each business that knew a consumer's identity is told of each change once (a system message). */
function identityChangesNotified(m: FuzzModel, r: FuzzReal): void {
  for (const [bi, b] of r.businesses.entries()) {
    const events = messageEvents(r.world.webhooks(b)).filter((e) => e.message.type === 'system' && (e.message.system as { type?: unknown } | undefined)?.type === 'customer_identity_changed');
    for (const [ci, c] of r.consumers.entries()) {
      const want = m.identityChanges.get(`${bi}:${ci}`) ?? 0;
      const max = m.identityChangesMax.get(`${bi}:${ci}`) ?? 0;
      const got = new Set(events.filter((e) => e.message.from === c.waId).map((e) => String(e.message.id))).size;
      // During or after an outage a notice may still be on the way.
      const ok = got <= max && (got >= want || m.hadOutage.has(bi));
      expect(ok, `business b${bi} was told ${got} time(s) that consumer c${ci}'s identity changed`, want === max ? `${want} customer_identity_changed system message(s)` : `${want} to ${max} customer_identity_changed system messages`, `${got}`);
    }
  }
}

/** Damaged envelopes and copies of forwarded ones never reach any business. */
function nothingForgedForwarded(m: FuzzModel, r: FuzzReal): void {
  if (m.mustNotForward.size === 0) return;
  for (const [bi, b] of r.businesses.entries()) {
    const bad = messageEvents(r.world.webhooks(b)).filter((e) => m.mustNotForward.has(String(e.message.id)));
    expect(bad.length === 0, `business b${bi} got a message from a damaged or replayed envelope (${String(bad[0]?.message.id)})`, 'only envelopes that decrypt, each once', showJson(bad[0]?.message, 300));
  }
}

/** Exponential backoff starting at a second or more allows at most this many attempts in its first hour. */
const MAX_ATTEMPTS_FIRST_HOUR = 16;

/**
 * Webhook timestamps are Unix seconds no later than the delivery; a failed
 * event is retried with backoff and given up 7 days after its first attempt.
 */
function webhookTimingAndRetries(m: FuzzModel, r: FuzzReal): void {
  for (const [bi, b] of r.businesses.entries()) {
    const deliveries = r.world.webhooks(b);
    for (const e of [...messageEvents(deliveries).map((x) => ({ d: x.delivery, ts: x.message.timestamp, what: `message ${String(x.message.id)}` })), ...statusEvents(deliveries).map((x) => ({ d: x.delivery, ts: x.status.timestamp, what: `status ${String(x.status.status)} of ${String(x.status.id)}` }))]) {
      const ts = Number(e.ts);
      expect(
        Number.isInteger(ts) && ts * SECOND_MS <= e.d.atMs + 2 * SECOND_MS && ts * SECOND_MS >= m.stops[0]! - DAY_MS,
        `the timestamp of the ${e.what} webhook to b${bi} is not the event's time in Unix seconds`,
        `seconds, at most ${Math.floor(e.d.atMs / SECOND_MS)} (the virtual time it arrived)`,
        showJson(e.ts, 60),
      );
    }
    // Attempts per event, in arrival order (an event key: message id, or status id and status).
    const attempts = new Map<string, number[]>();
    for (const d of deliveries) {
      const keys = new Set([...messageEvents([d]).map((e) => String(e.message.id)), ...statusEvents([d]).map((e) => `${String(e.status.id)}:${String(e.status.status)}`)]);
      for (const k of keys) attempts.set(k, [...(attempts.get(k) ?? []), d.atMs]);
    }
    for (const [key, times] of attempts) {
      const first = times[0]!;
      const inFirstHour = times.filter((t) => t - first < HOUR_MS).length;
      expect(inFirstHour <= MAX_ATTEMPTS_FIRST_HOUR, `the webhook for ${key} was attempted ${inFirstHour} times within an hour`, `retries with exponential backoff (at most ${MAX_ATTEMPTS_FIRST_HOUR} attempts in the first hour)`, `${inFirstHour} attempts`);
      // An attempt is seen at the first clock stop at or after it was due: one is late only if
      // the clock had already stopped past the 7 days before it.
      for (const t of times) {
        const before = m.stops.filter((s) => s < t).pop() ?? first;
        expect(
          !(t > first + WEBHOOK_RETRY_MS && before >= first + WEBHOOK_RETRY_MS),
          `the webhook for ${key} to b${bi} was still attempted ${((t - first) / DAY_MS).toFixed(1)} days after its first attempt`,
          'no retry more than 7 days after the first attempt',
          `${times.length} attempts, the last ${((times.at(-1)! - first) / DAY_MS).toFixed(1)} days after the first`,
        );
      }
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
      if (e.status.status === 'failed') {
        const problem = statusErrorsProblem(e.status.errors);
        expect(problem === null, `the failed status of ${id} to b${bi} has no proper errors array: ${problem ?? ''}`, 'errors: [{code, title, message?, error_data: {details}}]', showJson(e.status, 300));
      }
      if (sent?.opaque !== undefined) {
        expect(e.status.biz_opaque_callback_data === sent.opaque, `the ${String(e.status.status)} status of ${id} does not echo its biz_opaque_callback_data`, showJson(sent.opaque, 100), showJson(e.status.biz_opaque_callback_data, 100));
      }
    }
    for (const [id, sent] of m.outbound) {
      if (sent.business !== bi || sent.mustFail === undefined) continue;
      const got = byId.get(id) ?? [];
      const wrong = got.filter((s) => s !== 'failed');
      expect(wrong.length === 0, `message ${id} (${sent.mustFail}) was reported ${wrong.join(', ')}`, 'only a failed status', got.join(' → '));
      // After an outage its status may still be on the way.
      if (!m.hadOutage.has(bi) && r.world.has('webhooks')) expect(got.includes('failed'), `message ${id} (${sent.mustFail}) was accepted but never reported failed`, 'a failed status with errors', got.join(' → ') || 'no status');
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
    ...[...m.reports].map((id) => ({ value: id, kind: 'content' as const, label: 'spam report id' })),
  ];
  const sinkLeaks = scanExchanges(log.on('sink'), identifying);
  expect(sinkLeaks.length === 0, 'a consumer number or a message id reached a rest-of-Meta sink', 'only non-identifiable aggregates in telemetry', sinkLeaks.slice(0, 5).map((l) => l.chain).join('; '));
  const ads = log.on('sink').filter((x) => x.url.includes('/ads'));
  expect(ads.length === 0, 'the advertising sink received data', 'nothing sent to the advertising sink', `${ads.length} request(s)`);
  if (r.unverified) {
    const posts = r.world.webhooks(r.unverified).length;
    expect(posts === 0, 'a callback that did not echo the verification challenge was activated anyway', 'no webhook to it', `${posts} webhook(s)`);
  }
  expect(r.world.env.transport.problems.length === 0, 'the target broke the transport protocol', 'no protocol violation on the transport', r.world.env.transport.problems.join('; '));
}

export async function checkInvariants(m: FuzzModel, r: FuzzReal): Promise<void> {
  await r.world.settle();
  await outboundExactlyOnce(m, r);
  inboundForwarded(m, r);
  nothingForgedForwarded(m, r);
  identityChangesNotified(m, r);
  webhooksSignedAndOrdered(m, r);
  webhookTimingAndRetries(m, r);
  nothingLeaks(m, r);
}
