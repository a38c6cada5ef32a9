// Every registered secret is redacted, however short; short ones only where
// they stand as a whole token, so ordinary text survives.
import t from 'tap';
import { SecretRegistry, withoutUserinfo } from '../../../harness/core/secrets.ts';

t.test('long secrets go wherever they occur', async (t) => {
  const s = new SecretRegistry();
  s.add('EAAT_abcdefghijklmnop');
  t.equal(s.redact('Bearer EAAT_abcdefghijklmnop, xEAAT_abcdefghijklmnopx'), 'Bearer [Filtered], x[Filtered]x');
});

t.test('a short secret is redacted as a whole token, not inside other words', async (t) => {
  const s = new SecretRegistry();
  s.add('abc');
  s.add('');
  s.add(undefined);
  t.equal(s.redact('token abc, "abc", Bearer abc'), 'token [Filtered], "[Filtered]", Bearer [Filtered]');
  t.equal(s.redact('abcdef xabc abc_1 labcl'), 'abcdef xabc abc_1 labcl', 'ordinary text stays');
  t.equal(s.redact('the empty string is no secret'), 'the empty string is no secret');
});

t.test('URL user info: password and user:password are secrets; printed URLs show [Filtered]', async (t) => {
  const s = new SecretRegistry();
  const url = 'http://admin:pw@127.0.0.1:8080/api';
  s.addUrl(url);
  t.equal(s.redact(`Cannot reach target ${url}`), 'Cannot reach target http://[Filtered]@127.0.0.1:8080/api');
  t.equal(s.redact('password=pw;'), 'password=[Filtered];');
  t.equal(s.redact('admin users'), 'admin users', 'a user name alone is not a secret');
  t.equal(withoutUserinfo(url), 'http://[Filtered]@127.0.0.1:8080/api');
  t.equal(withoutUserinfo('http://user@h/x'), 'http://[Filtered]@h/x');
  t.equal(withoutUserinfo('http://h:1/x@y'), 'http://h:1/x@y', 'an @ in the path is not user info');
  const encoded = new SecretRegistry();
  encoded.addUrl('https://u:p%40ss@h');
  t.equal(encoded.redact('p@ss and p%40ss'), '[Filtered] and [Filtered]');
});
