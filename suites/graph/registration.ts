import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { World } from '../../harness/run/world.ts';
import type { GraphCaller } from '../../harness/target/graph-api.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { invalidRegisterRequest, registerRequest } from '../../generators/register-request.ts';

function register(world: World, b: GraphCaller, body: Record<string, unknown>) {
  return world.graph.registration.registerWith(b, body);
}

function expectSuccess(res: { status: number; body: Buffer; json: unknown }, what: string): void {
  expect(res.status === 200 && (res.json as { success?: unknown } | undefined)?.success === true, `${what} did not succeed`, '200 {"success":true}', showResponse(res.status, res.body));
}

export default defineCase({
  id: 'GRAPH-registration',
  title: 'register takes a six-digit pin and a documented data_localization_region; the region changes only through deregister',
  clause: {
    text: 'Register POST /{phone-number-id}/register {messaging_product, pin:^[0-9]{6}$, data_localization_region?} → {"success":true}; POST /{phone-number-id}/deregister. data_localization_region enum: AE, AU, BH, BR, CA, CH, DE, GB, ID, IN, JP, KR, SG, ZA. Once enabled, the region cannot be changed in place: deregister and register again.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration/ — "Register a business phone number"; Meta\'s WhatsApp Business OpenAPI description, operations registerWhatsAppBusinessPhoneNumber, deregisterPhoneNumber; https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage — "How local storage works"; docs/cloud-api-rules.md#registration; docs/cloud-api-rules.md#changing-the-region-of-a-registered-number',
  },
  severity: 'MUST',
  requires: ['graph.registration'],
  faults: ['region-not-validated'],
  async run(ctx) {
    const { world } = ctx;
    // Registering and deregistering changes the number: done only on one the case provisioned for itself.
    // On a number the user gave, only requests the API must refuse are sent.
    const ownNumber = world.has('control.provision');
    if (!ownNumber) ctx.note('a valid register, the region change and deregister were not judged: they would change the registration of the number given with --token/--business (they need control.provision)');
    const business = await world.graphCaller();
    await ctx.property(fc.tuple(registerRequest(), invalidRegisterRequest()), async ([good, bad]) => {
      expectGraphError(await register(world, business, bad.body), { statuses: [400], codes: bad.codes, because: `register with ${bad.rule}` });
      if (!ownNumber) return;
      expectSuccess(await register(world, business, good.body), `register with ${JSON.stringify(good.body)}`);
      const region = good.body.data_localization_region;
      if (region !== undefined) {
        const other = region === 'DE' ? 'IN' : 'DE';
        expectGraphError(await register(world, business, { ...good.body, data_localization_region: other }), { because: `changing the region from ${String(region)} to ${other} without deregistering` });
      }
      expectSuccess(await world.graph.registration.deregister(business), 'deregister');
    }, { runs: Math.min(ctx.runs, 15) });
  },
});
