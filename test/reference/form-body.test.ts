// Form bodies of Graph sends (reference/form-body.ts): every field, objects
// from their JSON text, and nothing for what is no form.
import t from 'tap';
import { formBody } from '../../reference/form-body.ts';
import { multipart } from '../../harness/target/multipart.ts';

const FIELDS = { messaging_product: 'whatsapp', to: '+44 7700 900123', type: 'template', template: JSON.stringify({ name: 'hello_world', language: { code: 'en_US' } }) };
const PARSED = { messaging_product: 'whatsapp', to: '+44 7700 900123', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

t.test('application/x-www-form-urlencoded', async (t) => {
  t.same(formBody('application/x-www-form-urlencoded', Buffer.from(new URLSearchParams(FIELDS).toString())), { kind: 'urlencoded', fields: PARSED });
  t.same(formBody('application/x-www-form-urlencoded; charset=utf-8', Buffer.from('a=true&b={not json')), { kind: 'urlencoded', fields: { a: true, b: '{not json' } });
});

t.test('multipart/form-data', async (t) => {
  const form = multipart(Object.entries(FIELDS).map(([name, value]) => ({ name, value })));
  t.same(formBody(form.contentType, form.body), { kind: 'multipart', fields: PARSED });
});

t.test('no form: undefined, so the body is refused as before', async (t) => {
  t.equal(formBody('application/json', Buffer.from('{')), undefined);
  t.equal(formBody(undefined, Buffer.from('a=1')), undefined);
  t.equal(formBody('multipart/form-data; boundary=xyz', Buffer.from('{"to": "1"')), undefined, 'no part');
  t.equal(formBody('application/x-www-form-urlencoded', Buffer.from('')), undefined, 'no field');
  t.equal(formBody('application/x-www-form-urlencoded', Buffer.from([0x61, 0x3d, 0xff])), undefined, 'not UTF-8');
});
