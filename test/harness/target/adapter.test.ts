// A broken adapter (--adapter) is one clear line: exit 2 while loading (no
// file, not a module, no default export, createAdapter throws, wrong version,
// a required method missing), an `error` verdict naming the call when one of
// its calls throws during a case. Never a stack trace.
import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../../harness/cli/conformance.ts';
import { loadAdapter } from '../../../harness/target/adapter.ts';
import { isHarnessError } from '../../../harness/core/errors.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

const GOOD = `export default () => ({ adapterVersion: 1, async configureBusiness() {}, async deliverMessage() {}, async applyReceipt() {} });`;

const BROKEN: Array<[string, string, RegExp]> = [
  ['not a module', 'export default (', /cannot be loaded as an ES module/],
  ['no default export', 'export const createAdapter = () => ({});', /no default export createAdapter/],
  ['createAdapter throws', 'export default () => { throw new Error("config file missing"); };', /createAdapter threw: config file missing/],
  ['not an object', 'export default () => 42;', /returned number, not an adapter object/],
  ['another version', 'export default () => ({ adapterVersion: 2 });', /adapterVersion is 2; this harness speaks adapter version 1/],
  ['a method missing', 'export default () => ({ adapterVersion: 1, async configureBusiness() {} });', /lacks deliverMessage, applyReceipt/],
  ['now without advanceClock', 'export default () => ({ adapterVersion: 1, async configureBusiness() {}, async deliverMessage() {}, async applyReceipt() {}, async now() { return 0; } });', /now and advanceClock go together/],
  ['an unknown capability', 'export default () => ({ adapterVersion: 1, capabilities: ["transport.signal"], async configureBusiness() {}, async deliverMessage() {}, async applyReceipt() {} });', /capabilities names what an adapter cannot bring: transport.signal/],
];

async function dir() {
  return mkdtemp(join(tmpdir(), 'cc-adapter-'));
}

t.test('each broken adapter is refused with one line naming it', async (t) => {
  const d = await dir();
  for (const [what, source, message] of BROKEN) {
    const file = join(d, `${what.replace(/\W+/g, '-')}.mjs`);
    await writeFile(file, source);
    const e = await loadAdapter(file, { target: 'http://127.0.0.1:1', graphVersion: 'v23.0' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.ok(isHarnessError(e) && e.code === 'HARNESS_ADAPTER', `${what}: a HARNESS_ADAPTER error`);
    t.match((e as Error).message, message, what);
    t.notMatch((e as Error).message, /\n/, `${what}: one line`);
  }
  const missing = await loadAdapter(join(d, 'nowhere.mjs'), { target: 'http://127.0.0.1:1', graphVersion: 'v23.0' }).catch((e: Error) => e);
  t.match((missing as Error).message, /nowhere\.mjs: no such file/);
});

t.test('a good adapter declares the simulation path and what its optional methods bring', async (t) => {
  const d = await dir();
  const file = join(d, 'good.mjs');
  await writeFile(file, GOOD);
  const a = await loadAdapter(file, { target: 'http://127.0.0.1:1', graphVersion: 'v23.0' });
  t.ok(a.capabilities.includes('simulate') && a.capabilities.includes('webhooks') && a.capabilities.includes('control.provision'));
  t.notOk(a.capabilities.includes('control.clock'), 'no clock without now and advanceClock');
  t.notOk(a.capabilities.includes('control.idle'), 'no idle without idle()');
  t.equal(a.simulation.path, 'adapter');
});

t.test('through the CLI: a broken adapter is exit 2 and one line; a call that throws in a case is an error verdict naming it', async (t) => {
  const server = createServer((_req, res) => void ((res.statusCode = 404), res.end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const d = await dir();

  const broken = join(d, 'broken.mjs');
  await writeFile(broken, 'export const nothing = 1;');
  const o = capture();
  const refused = await runConformance([`--target=${target}`, `--adapter=${broken}`, '--case=HOOK-inbound-text-exact', `--report=${join(d, 'r1')}`], o);
  t.equal(refused.exitCode, 2);
  t.match(o.errors(), /^cloudapi-conformance: adapter .*broken\.mjs: has no default export createAdapter/);
  t.equal(o.errors().trim().split('\n').length, 1, 'one line');
  t.notMatch(o.errors(), /\bat .*\.ts:\d+/, 'no stack trace');

  const throwing = join(d, 'throwing.mjs');
  await writeFile(throwing, `export default () => ({ adapterVersion: 1, name: 'throwing-mock', async configureBusiness() {}, async deliverMessage() { throw new Error('mock answered 500'); }, async applyReceipt() {}, async idle() { return true; } });`);
  const o2 = capture();
  const run = await runConformance([`--target=${target}`, `--adapter=${throwing}`, '--case=HOOK-inbound-text-exact', '--seed=1', '--runs=1', `--report=${join(d, 'r2')}`], o2);
  const r = run.results.find((x) => x.id === 'HOOK-inbound-text-exact');
  t.equal(r?.verdict, 'error');
  t.match(r?.message, /adapter .*throwing\.mjs: deliverMessage threw: mock answered 500/);
  t.match(o2.text(), /consumers: adapter/, 'the header names the consumer path');
  t.equal(run.exitCode, 2, 'an error verdict is exit 2');
});
