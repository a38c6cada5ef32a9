import t from 'tap';
import { randomBytes } from 'node:crypto';
import { formsOf } from '../../harness/leak/forms.ts';
import { scanExchanges } from '../../harness/leak/scan.ts';
import type { Exchange } from '../../harness/core/wire-log.ts';

const CANARY = 'CNRYABCDEFGHJKLMNPQR';

function exchange(body: Buffer, url = '/transport/v0/envelopes', headers: Record<string, string> = {}): Exchange {
  return { seq: 1, channel: 'transport', method: 'POST', url, requestHeaders: headers, requestBody: body };
}

t.test('finds the canary in every form, at any alignment and inside other text', async (t) => {
  const encodings: Array<[string, (s: Buffer) => string]> = [
    ['raw', (s) => s.toString()],
    ['lower-case', (s) => s.toString().toLowerCase()],
    ['url-encoded', (s) => encodeURIComponent(`x y ${s.toString()}`)],
    ['hex', (s) => s.toString('hex')],
    ['HEX', (s) => s.toString('hex').toUpperCase()],
    ['base64', (s) => s.toString('base64')],
    ['base64url', (s) => s.toString('base64url')],
    ['utf-16le', (s) => Buffer.from(s.toString(), 'utf16le').toString('latin1')],
  ];
  for (const [name, encode] of encodings) {
    for (let prefix = 0; prefix < 4; prefix++) {
      const plain = Buffer.concat([randomBytes(prefix).map((b) => 65 + (b % 26)), Buffer.from(CANARY), Buffer.from('tail')]);
      const body = Buffer.from(`{"note":"${encode(plain)}"}`, 'latin1');
      const found = scanExchanges([exchange(body)], [CANARY]);
      t.ok(found.length > 0, `${name} with ${prefix} bytes before it`);
    }
  }
});

t.test('looks in the URL and the headers too, and says where', async (t) => {
  const inUrl = scanExchanges([exchange(Buffer.alloc(0), `/x?q=${CANARY}`)], [CANARY]);
  t.match(inUrl[0]?.where, /^URL of POST/);
  const inHeader = scanExchanges([exchange(Buffer.alloc(0), '/x', { 'x-preview': Buffer.from(CANARY).toString('base64') })], [CANARY]);
  t.match(inHeader[0]?.where, /^headers of POST/);
  t.match(inHeader[0]?.form, /^base64/);
});

t.test('no finding on random bytes or random base64', async (t) => {
  let findings = 0;
  for (let i = 0; i < 10_000; i++) {
    const bytes = randomBytes(256);
    findings += scanExchanges([exchange(Buffer.concat([bytes, Buffer.from(bytes.toString('base64'))]))], [CANARY]).length;
  }
  t.equal(findings, 0);
});
