// Business → consumer (PROTOCOL.md §4, §7): fetch the consumer's bundle if
// there is no usable session, encrypt, post the envelope, and turn the
// transport's answer into the message's status.

import { isDirectoryBundle } from './signal.ts';
import { SOMETHING_WENT_WRONG, UNDELIVERABLE, reportStatuses, type StatusError } from './statuses.ts';
import { keysPath, transportCall } from './transport.ts';
import { pairKey, type SentMessage, type World } from './world.ts';

const RETRANSMIT_FOR_MS = 30 * 86_400_000;

export function relay(world: World, m: SentMessage): void {
  world.work.spawn('relay', () => world.lanes.run(pairKey(m.business, m.consumer), () => relayNow(world, m)));
}

/** After a clock advance: messages for offline consumers go out again, until they are 30 days old (PROTOCOL.md §12). */
export function retransmit(world: World): void {
  for (const m of world.sent.values()) {
    if (!m.offline) continue;
    if (world.nowMs - m.acceptedMs >= RETRANSMIT_FOR_MS) {
      m.offline = false;
      reportStatuses(world, [{ message: m, status: 'failed', errors: [UNDELIVERABLE] }]);
    } else {
      relay(world, m);
    }
  }
}

async function relayNow(world: World, m: SentMessage): Promise<void> {
  const fail = (error: StatusError) => reportStatuses(world, [{ message: m, status: 'failed', errors: [error] }]);
  const { business, consumer } = m;
  try {
    if (!(await business.signal.hasSession(consumer, world.now()))) {
      const keys = await transportCall(world, 'GET', keysPath(consumer));
      if (keys.status === 404) return fail(UNDELIVERABLE); // not on WhatsApp
      if (keys.status !== 200 || !isDirectoryBundle(keys.body)) return fail(SOMETHING_WENT_WRONG);
      await business.signal.startSession(consumer, keys.body, world.now());
    }
    const c = await business.signal.encrypt(consumer, m.plaintext, world.now());
    const answer = await transportCall(world, 'POST', '/v0/envelopes', {
      id: m.id,
      from: business.display,
      to: consumer,
      type: c.type,
      body: c.body,
      timestamp: world.seconds(),
    });
    m.offline = false;
    if (answer.status === 200) reportStatuses(world, [{ message: m, status: 'sent' }]);
    else if (answer.status === 404 || answer.status === 410) fail(UNDELIVERABLE);
    else if (answer.status === 503) m.offline = true; // the consumer's phone is off: posted again after the next clock advance
    else fail(SOMETHING_WENT_WRONG);
  } catch (e) {
    console.error(`minimal-target: sending ${m.id} failed: ${e instanceof Error ? e.message : String(e)}`);
    fail(SOMETHING_WENT_WRONG);
  }
}
