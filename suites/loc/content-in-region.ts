import fc from 'fast-check';
import { defineCase } from '../../harness/core/case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { chooseRegion, DEFAULT_REGION, expectAtRestOnlyIn, register, REGIONS, traffic } from './_local-storage.ts';

export default defineCase({
  id: 'LOC-content-in-region',
  title: 'With Local Storage (register or settings), text, template and media content, both ways, is at rest only in the chosen region\'s store once the 60-minute data-in-use period is over; without it, in US; the region changes only by re-registering',
  clause: {
    text: 'Local Storage: content at rest only in the chosen country; default US when off; covers outgoing and incoming text, media and template payloads. Meta\'s local storage page decides when: "Data-in-use" content may be in Meta data centers anywhere for up to 60 minutes (Cloud API); after that it is "persisted only in data centers within the local storage region selected". Judged after 60 virtual minutes; without control.clock, content outside the region is a SHOULD (warn).',
    source: 'seed promise S8 (CLOUD-API-FACTS §1); register data_localization_region and settings storage_configuration (§1, §2); PROTOCOL §6, §12',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'graph.registration', 'graph.media', 'transport.signal', 'control.provision', 'control.idle', 'control.storage', 'local-storage'],
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
