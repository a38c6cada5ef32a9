import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { invalidRegion } from '../../generators/register-request.ts';

export default defineCase({
  id: 'GRAPH-settings-validation',
  title: 'POST /{phone-number-id}/settings refuses a storage_configuration whose region is not a documented data_localization_region',
  clause: {
    text: 'POST /{phone-number-id}/settings {"storage_configuration": {"enabled": true, "region"}} (operation updatePhoneNumberSettings); the region is one of the data_localization_region enum: AE, AU, BH, BR, CA, CH, DE, GB, ID, IN, JP, KR, SG, ZA. Anything else is a Graph error (which code is not documented: any is accepted).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage — "How local storage works"; Meta\'s WhatsApp Business OpenAPI description, operations updatePhoneNumberSettings, registerWhatsAppBusinessPhoneNumber; docs/cloud-api-rules.md#local-storage; docs/cloud-api-rules.md#region-chosen-by-register-or-by-settings',
  },
  severity: 'MUST',
  requires: ['graph.settings'],
  faults: ['region-not-validated'],
  async run(ctx) {
    const { world } = ctx;
    // Only requests the API must refuse: the number's settings stay as they were, so this runs on a number the user gave too.
    const business = await world.graphCaller();
    await ctx.property(invalidRegion(), async (region) => {
      expectGraphError(await world.graph.settings.localStorage(business, region), { statuses: [400], because: `storage_configuration with region ${JSON.stringify(region)}, not in the documented enum` });
    }, { runs: Math.min(ctx.runs, 15) });
  },
});
