import t from 'tap';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtRest } from '../../reference/at-rest.ts';

t.test('seal and open: AES-256-GCM under the region key, region named in the header', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'at-rest-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const a = new AtRest(dir);
  const sealed = a.seal('DE', Buffer.from('hello canary'));
  t.notOk(sealed.includes('hello canary'));
  t.equal(AtRest.regionOf(sealed), 'DE');
  t.equal(a.open(sealed).toString(), 'hello canary');
  // Keys live beside the database: a new instance (a restart) opens what the old one sealed.
  t.equal(new AtRest(dir).open(sealed).toString(), 'hello canary');
  t.equal(a.open(Buffer.from('plain')).toString(), 'plain', 'unsealed bytes come back as they are');
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1]! ^= 1;
  t.throws(() => a.open(tampered), 'GCM refuses a changed byte');
  t.throws(() => a.seal('../x', Buffer.from('x')), { code: 'REF_BAD_REGION' });
});

t.test('tokens: stable per region, keyed, no plain digest of the number', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'at-rest-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const a = new AtRest(dir);
  const n = '447700900123';
  t.equal(a.token('US', n), a.token('US', n));
  t.not(a.token('US', n), a.token('DE', n));
  t.notOk(a.token('US', n).includes(n));
  const plain = createHash('sha256').update(n).digest();
  t.notOk(Buffer.from(a.token('US', n).slice(2), 'base64url').equals(plain.subarray(0, 24)));
});
