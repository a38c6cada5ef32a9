// settings.storage_configuration and register's data_localization_region
// (reference/storage-settings.ts, PROTOCOL §12).
import t from 'tap';
import { BUSINESS, Kit } from './harness-kit.ts';

const graph = (kit: Kit, method: string, what: string, body?: unknown) => kit.call(method, `/v23.0/${BUSINESS.phone_number_id}/${what}`, BUSINESS.access_token, body);
const register = (kit: Kit, region?: string) => graph(kit, 'POST', 'register', { messaging_product: 'whatsapp', pin: '123456', ...(region ? { data_localization_region: region } : {}) });
const settings = (kit: Kit, storage_configuration: unknown) => graph(kit, 'POST', 'settings', { storage_configuration });
const inEffect = async (kit: Kit) => (await graph(kit, 'GET', 'settings')).body.storage_configuration;
const code = (a: { body: Record<string, unknown> }) => (a.body.error as { code?: number } | undefined)?.code;

t.test('settings chooses the region the next register applies; a registered number cannot move in place', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  t.same(await inEffect(kit), { status: 'default' });
  t.equal((await settings(kit, { enabled: true, region: 'in' })).status, 200, 'a lower-case code is accepted');
  t.same(await inEffect(kit), { status: 'in_country_storage_enabled', data_localization_region: 'IN' });
  t.equal((await register(kit)).status, 200);
  t.same(await inEffect(kit), { status: 'in_country_storage_enabled', data_localization_region: 'IN' }, 'register without a region applies the configured one');
  const records = (await kit.control('GET', '/storage')).body.records as Array<{ store: string; region: string }>;
  t.equal(records.find((r) => r.store === 'registrations')?.region, 'IN');

  const moved = await settings(kit, { enabled: true, region: 'DE' });
  t.equal(moved.status, 400);
  t.equal(code(moved), 100);
  t.equal((await settings(kit, { enabled: false })).status, 400, 'turning Local Storage off is a move too');
  t.equal((await register(kit, 'DE')).status, 400);
  t.equal((await settings(kit, { enabled: true, region: 'IN' })).status, 200, 'the region in effect can be named again');
  t.equal((await register(kit)).status, 200, 'register without a region keeps the region');
  t.same(await inEffect(kit), { status: 'in_country_storage_enabled', data_localization_region: 'IN' });

  t.equal((await graph(kit, 'POST', 'deregister', { messaging_product: 'whatsapp' })).status, 200);
  t.equal((await register(kit, 'DE')).status, 200, 'after deregister the region can change');
  t.same(await inEffect(kit), { status: 'in_country_storage_enabled', data_localization_region: 'DE' });
});

t.test('settings refuses what it cannot apply', async (t) => {
  const kit = await Kit.start();
  t.teardown(() => kit.stop());
  await kit.resetAndProvision();
  t.equal(code(await settings(kit, { region: 'IN' })), 131008, 'enabled is required');
  t.equal(code(await settings(kit, { enabled: true })), 131008, 'a region is required to enable');
  t.equal(code(await settings(kit, { enabled: true, region: 'US' })), 131009, 'US is not a Local Storage region');
  t.equal(code(await settings(kit, { enabled: 'yes', region: 'IN' })), 131009);
  t.equal(code(await graph(kit, 'POST', 'settings', { calling: { status: 'enabled' } })), 131009, 'no other setting');
  t.same(await inEffect(kit), { status: 'default' });
});

t.test('faults: storage-settings-ignored forgets the setting; region-changed-in-place moves a registered number', async (t) => {
  const ignored = await Kit.start('storage-settings-ignored');
  t.teardown(() => ignored.stop());
  await ignored.resetAndProvision();
  t.equal((await settings(ignored, { enabled: true, region: 'IN' })).status, 200);
  await register(ignored);
  t.same(await inEffect(ignored), { status: 'default' });

  const moving = await Kit.start('region-changed-in-place');
  t.teardown(() => moving.stop());
  await moving.resetAndProvision();
  await register(moving, 'IN');
  t.equal((await register(moving, 'DE')).status, 200);
  t.same(await inEffect(moving), { status: 'in_country_storage_enabled', data_localization_region: 'DE' });
});
