import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import type { Business } from '../../harness/run/world.ts';
import type { VerificationAnswer } from '../../harness/parties/webhook-receiver.ts';

export default defineCase({
  id: 'HOOK-verification-handshake',
  title: 'A callback is verified with hub.mode, hub.verify_token and hub.challenge and used only if it echoes the challenge',
  clause: {
    text: 'Paraphrase of Meta: the endpoint gets GET <callback>?hub.mode=subscribe&hub.challenge=<value>&hub.verify_token=<token> and proves itself by answering with the challenge. Protocol: a callback that does not echo it is inactive and never called.',
    source: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started — "Verification Requests"; docs/cloud-api-rules.md#verification-request; harness/PROTOCOL.md#2-reset-and-provisioning',
  },
  severity: 'MUST',
  requires: ['webhooks', 'webhooks.verification', 'consumer', 'control.provision', 'control.idle'],
  faults: ['webhook-verification-unchecked'],
  async run(ctx) {
    const { world } = ctx;
    const answers: VerificationAnswer[] = ['echo', 'wrong-challenge', 'forbidden'];
    const businesses: Business[] = [];
    for (const verification of answers) businesses.push(await world.business({ verification }));
    const [good] = businesses;
    const asked = world.verificationRequests(good!);
    expect(
      asked.length > 0 && asked.every((v) => v.mode === 'subscribe' && v.verifyToken === good!.verifyToken && (v.challenge ?? '') !== ''),
      'the callback was not verified with the documented handshake when it was configured',
      'GET <callback>?hub.mode=subscribe&hub.verify_token=<the business\'s verify token>&hub.challenge=<non-empty>',
      asked.length === 0 ? 'no GET to the callback' : JSON.stringify(asked.map((v) => ({ mode: v.mode, token_matches: v.verifyToken === good!.verifyToken, challenge: v.challenge }))),
    );
    const consumer = await world.consumer();
    const sent: string[] = [];
    for (const b of businesses) sent.push((await consumer.write(b.waId, { v: 0, type: 'text', text: { body: `to ${b.key}` } })).id);
    await world.waitFor(() => (messageEvents(world.webhooks(good!)).some((e) => e.message.id === sent[0]) ? true : undefined));
    await world.settle();
    expect(
      messageEvents(world.webhooks(good!)).some((e) => e.message.id === sent[0]),
      'a callback that echoed the challenge was never used',
      `the message ${sent[0]} delivered to ${good!.key}`,
      'nothing delivered',
    );
    for (const [i, b] of businesses.entries()) {
      if (i === 0) continue;
      const posts = world.webhooks(b).length;
      expect(
        posts === 0,
        `a callback that did not echo the challenge (${answers[i]}) was activated anyway`,
        'no webhook POST to a callback that failed verification',
        `${posts} POST(s) to ${b.key}`,
      );
    }
  },
});
