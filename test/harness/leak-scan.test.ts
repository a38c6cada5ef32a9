import t from 'tap';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { LeakScanner, scanExchanges } from '../../harness/leak/scan.ts';
import { phoneVariants } from '../../harness/leak/needles.ts';
import type { Exchange } from '../../harness/core/wire-log.ts';

const CANARY = 'CNRYABCDEFGHJKLMNPQR';
const PHONE = '447700900123';
const phone = { value: PHONE, kind: 'phone' as const };

function exchange(body: Buffer | string, url = '/sinks/telemetry', headers: Record<string, string> = {}): Exchange {
  return { seq: 1, channel: 'sink', method: 'POST', url, requestHeaders: headers, requestBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1') };
}

const sha = (alg: string, data: string | Buffer) => createHash(alg).update(data).digest();
const scanner = new LeakScanner([CANARY, phone]);
const scanBody = (body: Buffer | string, headers: Record<string, string> = {}) => scanner.scanExchange(exchange(body, '/sinks/telemetry', headers));

t.test('finds the canary in every form, at any alignment and inside other text', async (t) => {
  const encodings: Array<[string, (s: Buffer) => string]> = [
    ['raw', (s) => s.toString()],
    ['lower-case', (s) => s.toString().toLowerCase()],
    ['mixed case', (s) => [...s.toString()].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('')],
    ['url-encoded', (s) => encodeURIComponent(`x y ${s.toString()}`)],
    ['hex', (s) => s.toString('hex')],
    ['HEX', (s) => s.toString('hex').toUpperCase()],
    ['base64', (s) => s.toString('base64')],
    ['base64url', (s) => s.toString('base64url')],
    ['utf-16le', (s) => Buffer.from(s.toString(), 'utf16le').toString('latin1')],
    ['utf-16be', (s) => Buffer.from(s.toString(), 'utf16le').swap16().toString('latin1')],
  ];
  for (const [name, encode] of encodings) {
    for (let prefix = 0; prefix < 4; prefix++) {
      const plain = Buffer.concat([randomBytes(prefix).map((b) => 65 + (b % 26)), Buffer.from(CANARY), Buffer.from('tail')]);
      const found = scanBody(`{"note":"${encode(plain)}"}`).filter((f) => f.canary === CANARY);
      t.ok(found.length > 0, `${name} with ${prefix} bytes before it`);
    }
  }
});

t.test('JSON-escaped content is found through the JSON it sits in', async (t) => {
  const escaped = [...CANARY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const f = scanBody(`{"a":{"b":"${escaped}"}}`);
  t.equal(f[0]?.chain, 'content in field "a.b" in body of POST /sinks/telemetry (#1, sink)');
});

t.test('looks in the URL and each header, and says where', async (t) => {
  const inUrl = scanExchanges([exchange(Buffer.alloc(0), `/x?q=${CANARY}`)], [CANARY]);
  t.match(inUrl[0]?.where, /^query "q" in URL query of POST/);
  const inPath = scanExchanges([exchange(Buffer.alloc(0), `/x/${PHONE}`)], [phone]);
  t.match(inPath[0]?.where, /^URL path of POST/);
  const inHeader = scanExchanges([exchange(Buffer.alloc(0), '/x', { 'x-preview': Buffer.from(CANARY).toString('base64') })], [CANARY]);
  t.match(inHeader[0]?.where, /^header "x-preview" of POST/);
  t.match(inHeader[0]?.form, /^base64/);
});

t.test('hashes of the phone number, in its variants, up to two layers, hex or base64', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['sha256 hex', sha('sha256', PHONE).toString('hex'), /^phone → sha256 → hex in field "u" in body of POST \/sinks\/telemetry/],
    ['md5 of +phone, base64', sha('md5', `+${PHONE}`).toString('base64'), /^phone → "\+447700900123" → md5 → base64/],
    ['sha1 of sha512, HEX', sha('sha1', sha('sha512', PHONE)).toString('hex').toUpperCase(), /^phone → sha512 → sha1 → hex/],
    ['sha256 of hex md5', sha('sha256', sha('md5', PHONE).toString('hex')).toString('base64url'), /^phone → md5 → hex → sha256 → base64url/],
    ['sha512 of formatted', sha('sha512', '+44 7700 900123').toString('hex'), /^phone → "\+44 7700 900123" → sha512 → hex/],
  ];
  for (const [name, value, chain] of cases) {
    const f = scanBody(JSON.stringify({ u: value }));
    t.match(f[0]?.chain, chain, name);
  }
});

t.test('the phone number with and without +, formatted, as a JSON number', async (t) => {
  t.ok(scanBody(JSON.stringify({ n: Number(PHONE) })).length > 0, 'number');
  for (const v of phoneVariants(PHONE)) t.ok(scanBody(JSON.stringify({ n: v })).length > 0, v);
  t.ok(phoneVariants('15550783881').includes('+1 (555) 078-3881'));
});

t.test('compressed and nested: gzip, deflate, base64 of gzip, URL-encoded base64 in a query', async (t) => {
  const json = Buffer.from(JSON.stringify({ recent: [{ text: `hi ${CANARY}` }] }));
  t.match(scanBody(gzipSync(json))[0]?.chain, /^content in field "recent.0.text" → gzip in body/);
  t.match(scanBody(deflateSync(json))[0]?.chain, /→ deflate in body/);
  t.match(scanBody(JSON.stringify({ blob: gzipSync(json).toString('base64') }))[0]?.chain, /→ gzip → base64 in field "blob"/);
  const q = `a=1&d=${encodeURIComponent(Buffer.from(`x${CANARY}`).toString('base64'))}`;
  t.ok(scanBody(q).length > 0, 'form-encoded body');
  t.ok(scanBody(Buffer.from(deflateSync(json).subarray(2, -4)), { 'content-encoding': 'deflate' }).length > 0, 'raw deflate body');
  const twice = Buffer.from(Buffer.from(sha('sha256', PHONE).toString('hex')).toString('base64'));
  t.match(scanBody(twice)[0]?.chain, /^phone → sha256 → hex → base64 in body/);
});

t.test('no finding on random bytes, random base64, or 10,000 ciphertexts of content carrying the secrets', async (t) => {
  let findings = 0;
  const key = randomBytes(32);
  for (let i = 0; i < 10_000; i++) {
    const bytes = randomBytes(256);
    findings += scanner.scanExchange(exchange(Buffer.concat([bytes, Buffer.from(bytes.toString('base64'))]))).length;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([c.update(`{"text":"${CANARY} ${PHONE} ${randomBytes(8).toString('hex')}"}`), c.final(), c.getAuthTag()]);
    findings += scanner.scanExchange(exchange(JSON.stringify({ id: `wamid.${randomBytes(24).toString('base64url')}`, to: '15550001111', body: ct.toString('base64'), hex: ct.toString('hex') }))).length;
  }
  t.equal(findings, 0);
});

t.test('speed over a few MB (logged, not asserted)', async (t) => {
  const items = Array.from({ length: 3000 }, () => ({ id: randomBytes(24).toString('base64url'), body: randomBytes(700).toString('base64'), to: '15550001111' }));
  const body = Buffer.from(JSON.stringify({ items }));
  const started = performance.now();
  const f = scanBody(body);
  const ms = performance.now() - started;
  t.comment(`scanned ${(body.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (${(body.length / 1e3 / ms).toFixed(1)} MB/s)`);
  t.equal(f.length, 0);
});
