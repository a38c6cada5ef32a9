// Judging Graph answers by the tests' own description: what fits gives
// nothing, each deviation is a SHOULD with its JSON pointer, and what the
// description does not declare is not judged, only noted.
import t from 'tap';
import { loadDescription } from '../../../harness/openapi/description.ts';
import { ResponseJudge } from '../../../harness/openapi/response-judge.ts';
import { DeviationLog, recordingDeviations } from '../../../harness/core/deviations.ts';
import type { GraphAnswer } from '../../../harness/target/target-client.ts';
import { FIXTURE } from './description.test.ts';

const judge = async () => new ResponseJudge(await loadDescription(FIXTURE));

function answer(method: string, path: string, status: number, json: unknown, contentType = 'application/json; charset=UTF-8'): GraphAnswer {
  const body = Buffer.from(json === undefined ? '' : JSON.stringify(json));
  return { method, path, status, headers: { 'content-type': contentType }, body, json };
}

const SENT = { messaging_product: 'whatsapp', contacts: [{ input: '+1 555 0100', wa_id: '15550100' }], messages: [{ id: 'wamid.HBgL' }] };
const SEND = '/v23.0/106540352242922/messages';
const pointers = (ds: { message: string }[]) => ds.map((d) => /at ("[^"]*")/.exec(d.message)?.[1]);

t.test('answers that fit their declared response give nothing', async (t) => {
  const j = await judge();
  t.same(j.judge(answer('POST', SEND, 200, SENT)), []);
  t.same(j.judge(answer('POST', `${SEND}?access_token=x`, 200, { success: true })), [], 'the other branch of a oneOf (mark read); the query is no part of the route');
  t.same(j.judge(answer('POST', SEND, 400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'A1' } })), [], 'by the 4XX range');
  t.same(j.judge(answer('GET', '/v23.0/106540352242922', 200, { id: '106540352242922', verified_name: 'Fake' })), []);
  t.match(j.summary(), /^OpenAPI [^\n]*: 4 Graph answer\(s\) judged against 2 operation\(s\) \(sendMessage, getPhoneNumber\); 0 deviating/);
});

t.test('a seeded deviation: a SHOULD naming the operation, the status and the JSON pointer', async (t) => {
  const j = await judge();
  const bad = { ...SENT, messages: [{ id: 'wamid.HBgL', message_status: 3 }] };
  const [d, ...more] = j.judge(answer('POST', SEND, 200, bad));
  t.same(more, [], 'one deviation, not one per branch of the oneOf');
  t.equal(d!.level, 'SHOULD');
  t.equal(d!.message, 'sendMessage (POST /{Version}/{Phone-Number-ID}/messages) answered 200 unlike its OpenAPI description at "/messages/0/message_status": must be equal to one of the allowed values');
  t.match(d!.expected, /^enum \{"allowedValues":\["accepted",[^]*at #\/paths\/~1\{Version\}~1\{Phone-Number-ID\}~1messages\/post\/responses\/200\/content\/application~1json\/schema\/oneOf\/0\/[^ ]*\/enum \(the 200 response sendMessage declares\)$/);
  t.equal(d!.actual, '3');
  t.match(j.summary(), /1 deviating \(SHOULD: warn, never fail\) in sendMessage/);
});

t.test('a missing or unexpected property is pointed at itself; every deviation of an answer is listed', async (t) => {
  const j = await judge();
  const ds = j.judge(answer('POST', SEND, 200, { contacts: [{ input: '1' }], messages: [] }));
  t.same(pointers(ds), ['"/messaging_product"', '"/contacts/0/wa_id"', '"/messages"']);
  t.match(ds[0]!.message, /: missing, the description requires it$/);
  t.equal(ds[0]!.actual, 'absent');
  t.match(ds[2]!.message, /must NOT have fewer than 1 items$/);
  t.same(pointers(j.judge(answer('POST', SEND, 200, { success: 'yes' }))), ['"/success"'], 'a mark-read answer is judged as one, not as a send');
  const error = j.judge(answer('POST', SEND, 403, { error: { message: 'x', type: 'OAuthException', code: '200', is_transient: 'no' } }));
  t.same(pointers(error), ['"/error/code"', '"/error/is_transient"']);
  t.match(error[0]!.expected, /\(the 4XX response sendMessage declares\)$/);
});

t.test('a body that is not the JSON the description declares', async (t) => {
  const j = await judge();
  const [html] = j.judge(answer('POST', SEND, 200, undefined, 'text/html'));
  t.equal(html!.message, 'sendMessage (POST /{Version}/{Phone-Number-ID}/messages) answered 200 with content type text/html, not the JSON its OpenAPI description declares');
  const [empty] = j.judge(answer('POST', SEND, 200, undefined));
  t.equal(empty!.actual, 'an empty body');
});

t.test('what the description does not declare is not judged, and the closing note lists it', async (t) => {
  const j = await judge();
  t.same(j.judge(answer('POST', SEND, 500, { oops: true })), [], 'a status it does not declare');
  t.same(j.judge(answer('POST', '/v23.0/106540352242922/block_users', 200, { nonsense: 1 })), [], 'an operation it does not know');
  t.same(j.judge(answer('GET', '/media-download/abc123/def', 200, undefined, 'image/png')), []);
  const note = j.summary();
  t.match(note, /^OpenAPI [^\n]*: 0 Graph answer\(s\) judged against 0 operation\(s\); 0 deviating/);
  t.match(note, /\nOpenAPI: not judged, operations the description does not know: POST \/\{version\}\/\{id\}\/block_users, GET \/media-download\/\{id\}\/def\n/);
  t.match(note, /\nOpenAPI: not judged, statuses the description does not declare: sendMessage 500\n/);
});

t.test('a path several operations share: fitting one is enough, a deviation names the closest and the others', async (t) => {
  const j = await judge();
  // GET /v23.0/<id> is a media's metadata or a phone number: the path cannot tell.
  t.same(j.judge(answer('GET', '/v23.0/998877', 200, { url: 'http://x/y', mime_type: 'image/png', sha256: 'a'.repeat(64), file_size: 3, id: '998877' })), []);
  const ds = j.judge(answer('GET', '/v23.0/998877', 200, { url: 'http://x/y', mime_type: 'image/png', sha256: 'a'.repeat(64), file_size: 3, id: 998877 }));
  t.same(pointers(ds), ['"/id"']);
  t.match(ds[0]!.message, /^getMediaUrl \(GET \/\{Version\}\/\{Media-ID\}\) answered 200/);
  t.match(ds[0]!.expected, /; the closest of the 2 operations the path may be \(also getPhoneNumber\)$/, 'downloadMedia declares no JSON: it neither fits nor deviates');
  t.same(j.judge(answer('GET', '/v23.0/998877', 200, undefined, 'image/png')), [], 'a media type one of them declares fits');
  t.match(j.judge(answer('GET', '/v23.0/998877', 200, undefined, 'text/html'))[0]?.message, /^getMediaUrl \(GET \/\{Version\}\/\{Media-ID\}\) answered 200 with content type text\/html, not the JSON/);
});

t.test("observe records the deviations in the running case's log and never throws", async (t) => {
  const j = await judge();
  const log = new DeviationLog();
  await recordingDeviations(log, async () => {
    j.observe(answer('POST', SEND, 200, { ...SENT, messaging_product: 'sms' }));
    j.observe(answer('POST', SEND, 200, SENT));
    j.observe({ method: 'GET', path: '', status: 200, headers: {}, body: Buffer.alloc(0), json: undefined });
  });
  t.same(log.list().map((d) => [d.level, pointers([d])[0]]), [['SHOULD', '"/messaging_product"']]);
  t.doesNotThrow(() => j.observe(answer('POST', SEND, 200, SENT)), 'with no case running, nothing is kept');
});
