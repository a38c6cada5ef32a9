import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { REGIONS } from '../../harness/core/durations.ts';
import { expectAtRestOnlyIn } from '../../harness/verify/local-storage.ts';
import { deregister, expectSuccess, register, storageSettings, textBothWays } from '../../harness/verify/local-storage-region.ts';

export default defineCase({
  id: 'LOC-region-change-requires-reregistration',
  title: 'A registered number cannot move its Local Storage region in place (register or settings): refused, content stays; register without a region keeps it; after deregister and register, new content is only in the new region',
  clause: {
    text: 'Meta ties a number\'s local storage region to its registration. The suite\'s reading: a registered number\'s region is not changed in place; the number is deregistered, then registered again with the new region. Where content is at rest is judged after the 60-minute data-in-use period of Meta\'s local storage page (without control.clock, content outside the region is a SHOULD).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage — "How local storage works"; Meta\'s WhatsApp Business OpenAPI description, operations registerWhatsAppBusinessPhoneNumber, deregisterPhoneNumber; docs/cloud-api-rules.md#local-storage; docs/cloud-api-rules.md#changing-the-region-of-a-registered-number; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'graph.registration', 'consumer', 'control.provision', 'control.idle', 'control.storage', 'local-storage'],
  faults: ['region-changed-in-place'],
  async run(ctx) {
    const { world } = ctx;
    const viaSettings = world.has('graph.settings');
    await ctx.property(
      fc
        .record({ a: fc.constantFrom(...REGIONS), b: fc.constantFrom(...REGIONS), via: fc.constantFrom('register' as const, 'settings' as const) })
        .filter(({ a, b }) => a !== b)
        .map((x) => ({ ...x, via: viaSettings ? x.via : ('register' as const) })),
      async ({ a, b, via }) => {
        const business = await world.business();
        const consumer = await world.consumer();
        expectSuccess(await register(world, business, a), `register with region ${a}`);
        const first = await textBothWays(world, business, consumer, 'in A');

        const move = via === 'settings' ? await storageSettings(world, business, b) : await register(world, business, b);
        expectGraphError(move, { because: `moving a number registered in ${a} to ${b} through ${via === 'settings' ? 'settings.storage_configuration' : 'register'} without deregistering` });
        expectSuccess(await register(world, business), `register again without data_localization_region (region ${a} configured)`);
        const second = await textBothWays(world, business, consumer, 'still A');
        await expectAtRestOnlyIn(world, [...first, ...second], a, `after a refused move to ${b} and a register without region`);

        expectSuccess(await deregister(world, business), 'deregister');
        expectSuccess(await register(world, business, b), `register with region ${b} after deregistering`);
        // The consumer's window is still open from before the move: the business speaks first.
        const third = await textBothWays(world, business, consumer, 'in B', true);
        await expectAtRestOnlyIn(world, third, b, `new content after re-registering in ${b}`);
        await expectAtRestOnlyIn(world, first, a, `content written in ${a} before re-registering in ${b}`);
      },
      { runs: Math.min(ctx.runs, 3) },
    );
  },
});
