// The Graph error verifier's grading: MUST is the status, the envelope, the
// code, type and message; the "(#code) " prefix, details, fbtrace_id and the
// subcode are SHOULD; every deviation of a response is listed at once.
import t from 'tap';
import { checkGraphError, expectAuthRefused, expectGraphError } from '../../../harness/verify/graph-error.ts';
import { DeviationLog, recordingDeviations } from '../../../harness/core/deviations.ts';
import { CaseFailure } from '../../../harness/core/errors.ts';
import type { TargetResponse } from '../../../harness/target/target-client.ts';

const answer = (status: number, json: unknown): TargetResponse => {
  const body = Buffer.from(typeof json === 'string' ? json : JSON.stringify(json));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch {
    parsed = undefined;
  }
  return { status, headers: {}, body, json: parsed };
};

/** Meta's own documented answer to a send with a bad token. */
const META_401 = { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbCdEfGhIjKlMnOp' } };
const FULL = { error: { message: '(#131008) Required parameter is missing', type: 'OAuthException', code: 131008, error_data: { messaging_product: 'whatsapp', details: 'The parameter to is required.' }, fbtrace_id: 'x1' } };
const AUTH = { statuses: [401], codes: [190, 0], because: 'a send with an unknown token' };

const levels = (c: ReturnType<typeof checkGraphError>) => c.deviations.map((d) => `${d.level} ${d.message.replace(/^[^:]*: /, '')}`);

t.test("Meta's documented 401 meets every MUST; only SHOULDs are noted", async (t) => {
  const c = checkGraphError(answer(401, META_401), AUTH);
  t.equal(c.code, 190);
  t.same(levels(c), ['SHOULD error.message does not start "(#190) "', 'SHOULD error.error_data.details missing']);
});

t.test('the full Cloud API envelope has no deviation at all', async (t) => {
  t.same(checkGraphError(answer(400, FULL), { statuses: [400], codes: [131008, 100], because: 'to missing' }).deviations, []);
});

t.test('a response with three deviations lists all three, MUST and SHOULD', async (t) => {
  const res = answer(400, { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_data: { details: 'bad token' }, fbtrace_id: 'x' } });
  const c = checkGraphError(res, AUTH);
  t.same(levels(c), ['MUST wrong HTTP status 400', 'MUST wrong error code 100', 'SHOULD error.message does not start "(#100) "']);
  const thrown = (() => {
    try {
      expectGraphError(res, AUTH);
    } catch (e) {
      return e;
    }
  })();
  t.ok(thrown instanceof CaseFailure, 'a MUST deviation fails');
  const f = thrown as CaseFailure;
  t.equal(f.deviations.length, 3, 'one failure lists every deviation of the response');
  t.match(f.message, /wrong HTTP status 400; .*wrong error code 100/);
  t.match(f.expected, /^HTTP 401 with/);
  t.match(f.actual, /^HTTP 400 \{"error"/);
});

t.test('a 5xx, a missing envelope, a bad code, type or message are each MUST', async (t) => {
  t.match(levels(checkGraphError(answer(500, FULL), { because: 'x' })), ['MUST wrong HTTP status 500 (a 5xx is the server\'s own failure, never the answer to a client\'s bad request)']);
  t.same(levels(checkGraphError(answer(400, '<html>no</html>'), { because: 'x' })), ['MUST the answer is not a Graph error envelope']);
  t.same(levels(checkGraphError(answer(400, { error: [] }), { because: 'x' })), ['MUST the answer is not a Graph error envelope']);
  const broken = { error: { ...FULL.error, code: '131008', type: '', message: '' } };
  t.same(levels(checkGraphError(answer(400, broken), { because: 'x' })), ['MUST error.code is not an integer', 'MUST error.type missing', 'MUST error.message missing']);
});

t.test('fbtrace_id and a non-integer subcode are SHOULD', async (t) => {
  const { fbtrace_id: _gone, ...rest } = FULL.error;
  t.same(levels(checkGraphError(answer(400, { error: { ...rest, error_subcode: 'x' } }), { because: 'x' })), ['SHOULD error.fbtrace_id missing', 'SHOULD error.error_subcode is not an integer']);
});

t.test('SHOULD deviations alone do not throw: they go to the running case\'s log', async (t) => {
  const log = new DeviationLog();
  const code = await recordingDeviations(log, async () => expectGraphError(answer(401, META_401), AUTH));
  t.equal(code, 190);
  t.same(log.list().map((d) => d.level), ['SHOULD', 'SHOULD']);
  t.doesNotThrow(() => expectGraphError(answer(401, META_401), AUTH), 'with no case running they are not kept, and still do not throw');
});

t.test("a missing token may be answered with Meta's documented 104; an invalid one may not", async (t) => {
  const MISSING = { error: { message: '(#104) An access token is required to request this resource', type: 'OAuthException', code: 104, error_data: { details: 'no token' }, fbtrace_id: 'x2' } };
  const log = new DeviationLog();
  await recordingDeviations(log, async () => {
    t.equal(expectAuthRefused(answer(401, MISSING), { tokenMissing: true, because: 'a send with no Authorization header' }), 104);
  });
  t.same(log.list(), [], 'no deviation');
  t.throws(() => expectAuthRefused(answer(401, MISSING), { tokenMissing: false, because: 'a send with an unknown token' }), CaseFailure);
  t.throws(() => expectAuthRefused(answer(400, MISSING), { tokenMissing: true, because: 'a send with no Authorization header' }), CaseFailure, 'HTTP 400 is not 401');
});
