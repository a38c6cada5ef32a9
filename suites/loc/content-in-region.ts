import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { DEFAULT_REGION, REGIONS } from '../../harness/core/durations.ts';
import { expectAtRestOnlyIn } from '../../harness/verify/local-storage.ts';
import { chooseRegion, register, traffic } from '../../harness/verify/local-storage-region.ts';

export default defineCase({
  id: 'LOC-content-in-region',
  title: 'With Local Storage (register or settings), text, template and media content, both ways, is at rest only in the chosen region\'s store once the 60-minute data-in-use period is over; without it, in US; the region changes only by re-registering',
  clause: {
    text: 'Paraphrase of Meta: with local storage enabled, message content (text payloads, media payloads and template components, outgoing and incoming) is persisted at rest only in data centers within the chosen region once its data-in-use period is over. Without local storage the suite expects it in US. Judged after 60 virtual minutes; without control.clock, content outside the region is a SHOULD (warn).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage — "How local storage works"; Meta\'s WhatsApp Business OpenAPI description, operations registerWhatsAppBusinessPhoneNumber, updatePhoneNumberSettings; docs/cloud-api-rules.md#local-storage; docs/cloud-api-rules.md#region-chosen-by-register-or-by-settings; docs/cloud-api-rules.md#local-storage-data-in-use-period; harness/PROTOCOL.md#6-storage-dump; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'graph.registration', 'graph.media', 'consumer', 'control.provision', 'control.idle', 'control.storage', 'local-storage'],
  faults: ['content-in-default-region', 'storage-settings-ignored'],
  async run(ctx) {
    const { world } = ctx;
    // A target that declares graph.settings is checked on both paths in every run.
    const paths = world.has('graph.settings') ? (['register', 'settings'] as const) : (['register'] as const);
    await ctx.property(
      fc.record({
        region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined, freq: 4 }),
        settingsRegion: fc.constantFrom(...REGIONS),
      }),
      async ({ region, settingsRegion }) => {
        for (const via of paths) {
          const chosen = via === 'settings' ? settingsRegion : region;
          const business = await world.business();
          await chooseRegion(world, business, chosen, via);
          const want = chosen ?? DEFAULT_REGION;
          const how = via === 'settings' ? 'through settings.storage_configuration' : 'through register';
          await expectAtRestOnlyIn(world, await traffic(world, business), want, `content of a number given ${chosen ? `region ${chosen}` : 'no Local Storage region'} ${how}`);
          const other = REGIONS.find((r) => r !== chosen)!;
          expectGraphError(await register(world, business, other), { because: `changing the region from ${want} to ${other} without deregistering` });
        }
      },
      { runs: Math.min(ctx.runs, 4) },
    );
  },
});
