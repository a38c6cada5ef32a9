// --capabilities: the reference declares only part of what it implements,
// for testing the harness against a target of a lower conformance level.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReference } from '../../reference/server.ts';
import { REFERENCE_CAPABILITIES } from '../../reference/control.ts';

const MAIN = fileURLToPath(new URL('../../reference/main.ts', import.meta.url));
const TOKEN = 'ctl_test_token';

async function answer(capabilities?: readonly string[]): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reference-test-'));
  const ref = await startReference({ port: 0, controlToken: TOKEN, dataDir, capabilities });
  try {
    const res = await fetch(`${ref.url}/conformance/v0/capabilities`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return (await res.json()) as Record<string, unknown>;
  } finally {
    await ref.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

t.test('by default everything it implements is declared, with the sweep granularity', async (t) => {
  const a = await answer();
  t.same(a.capabilities, REFERENCE_CAPABILITIES);
  t.ok(a.retention, 'retention details with the retention capability');
});

t.test('a subset is declared in the reference\'s own order, and nothing else', async (t) => {
  const a = await answer(['control.idle', 'webhooks', 'graph.messages', 'transport.signal', 'control.provision']);
  t.same(a.capabilities, ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle']);
  t.equal(a.retention, undefined, 'no retention details without retention');
  t.equal(a.protocol, '0');
  t.same((await answer([])).capabilities, [], 'an empty list declares nothing');
});

t.test('a name it does not implement: exit 2, one line naming it', async (t) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--port=0', '--control-token=x', '--capabilities=webhooks,graph.telepathy'], { encoding: 'utf8', timeout: 60_000 });
  t.equal(r.status, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(r.stderr, /--capabilities names what the reference does not implement: "graph\.telepathy"/);
  await t.rejects(startReference({ port: 0, controlToken: TOKEN, capabilities: ['nope'] }), { code: 'REF_BAD_FLAG' });
  const help = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--help'], { encoding: 'utf8', timeout: 60_000 });
  t.match(help.stdout, /--capabilities=A,B/);
});
