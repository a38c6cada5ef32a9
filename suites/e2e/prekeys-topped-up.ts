import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { HarnessError } from '../../harness/core/errors.ts';
import type { Business, World } from '../../harness/run/world.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { expectPublishedBundlesVerify, uploadsOf } from '../../harness/verify/published-bundles.ts';

/** PROTOCOL.md §13: fewer unused one-time prekeys than this and the target uploads more. */
const LOW_WATER = 10;
/** First contacts after the top-up: more than the directory held before it. */
const AFTER = LOW_WATER + 2;
/** A target publishing more than this at once would make the case slow; it says so instead. */
const MAX_DRAIN = 600;

/** Fresh consumers each open a session on a bundle from the directory; returns their message ids and how many got no one-time prekey. */
async function firstContacts(world: World, business: Business, n: number, label: string): Promise<{ ids: string[]; withoutPreKey: number }> {
  const ids: string[] = [];
  let withoutPreKey = 0;
  for (let i = 0; i < n; i++) {
    const consumer = await world.signalConsumer();
    const bundle = world.keyDirectory().fetchBundle(business.waId);
    if (!bundle) throw new HarnessError('HARNESS_INTERNAL', `no bundle for business ${business.waId} in the key directory`);
    if (!bundle.prekey) withoutPreKey++;
    const sent = await consumer.post(await consumer.encrypt(business.waId, { v: 0, type: 'text', text: { body: `${label} ${i}` } }, undefined, bundle));
    ids.push(sent.id);
  }
  return { ids, withoutPreKey };
}

export default defineCase({
  id: 'E2E-prekeys-topped-up',
  title: 'One-time prekeys used up by first contacts are topped up with ids never published before, signed under the same identity',
  clause: {
    text: 'When fewer than 10 of the one-time prekeys the target published remain unused, it uploads a new batch. A new one-time prekey never has the id of one the target published before for that business, used or not.',
    source: 'harness/PROTOCOL.md#13-keys-over-time-capability-signalrotation-additive; docs/cloud-api-rules.md#signal-end-to-end',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.idle', 'signal.rotation'],
  faults: ['prekey-refill-reuses-ids'],
  async run(ctx) {
    const { world } = ctx;
    const keys = world.keyDirectory();
    const business = await world.business();
    const identity = expectPublishedBundlesVerify(uploadsOf(keys, business.waId));
    const uploadsBefore = uploadsOf(keys, business.waId).length;

    // Use the directory's one-time prekeys up until fewer than LOW_WATER are left.
    const drain = keys.unusedPreKeys(business.waId) - (LOW_WATER - 1);
    if (drain > MAX_DRAIN) throw new HarnessError('HARNESS_INTERNAL', `the business published ${drain + LOW_WATER - 1} one-time prekeys; this case drains at most ${MAX_DRAIN}`);
    const drained = await firstContacts(world, business, Math.max(0, drain), 'first contact');
    const events = await settleForwarded(world, business, drained.ids);
    const lost = drained.ids.filter((id) => timesForwarded(events, id) !== 1);
    expect(lost.length === 0, 'first contacts on distinct one-time prekeys were not each forwarded once', `${drained.ids.length} messages forwarded once`, `${lost.length} not: ${lost.slice(0, 5).join(', ')}`);

    const uploads = uploadsOf(keys, business.waId);
    const added = uploads.slice(uploadsBefore).reduce((n, u) => n + u.prekeys.length, 0);
    expect(
      added > 0,
      `after ${drained.ids.length} first contacts left ${keys.unusedPreKeys(business.waId)} one-time prekeys unused, the business uploaded none`,
      `a PUT /v0/keys/${business.waId} adding one-time prekeys by the time the target is idle`,
      `${uploads.length - uploadsBefore} upload(s) since provisioning, ${added} one-time prekeys added`,
    );
    expectPublishedBundlesVerify(uploads, identity);

    // The directory does not run dry: later first contacts still get a one-time prekey.
    const later = await firstContacts(world, business, AFTER, 'after the top-up');
    const after = await settleForwarded(world, business, later.ids);
    expect(later.withoutPreKey === 0, 'the key directory ran out of one-time prekeys after the top-up', `a one-time prekey in each of ${AFTER} bundles`, `${later.withoutPreKey} bundles without one`);
    const missing = later.ids.filter((id) => timesForwarded(after, id) !== 1);
    expect(missing.length === 0, 'first contacts on the new one-time prekeys were not forwarded once', `${AFTER} messages forwarded once`, `${missing.length} not`);
    expectPublishedBundlesVerify(uploadsOf(keys, business.waId), identity);
  },
});
