// --token and --phone-number-id are checked before any case trusts them: a
// refusal stops the run with one line that never shows the token; a target
// that does not implement the check's read is not held to it.
import t from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { checkCredentials, isRefusal } from '../../harness/target/credentials.ts';
import { GraphApi } from '../../harness/target/graph-api.ts';
import { TargetClient, type TargetResponse } from '../../harness/target/target-client.ts';
import { LogSwitch } from '../../harness/core/wire-log.ts';
import { HarnessError } from '../../harness/core/errors.ts';
import { startGraphOnlyTarget } from './graph-only-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

const UNKNOWN_TOKEN = 'EAAGunknownbusinesstoken0123456789';

t.test('--token of a business the target does not know: exit 2, one line, the token nowhere', async (t) => {
  const target = await startGraphOnlyTarget();
  t.teardown(() => target.close());
  const dir = join(await mkdtemp(join(tmpdir(), 'cc-cred-')), 'never');
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--token=${UNKNOWN_TOKEN}`, `--phone-number-id=${target.phoneNumberId}`, `--report=${dir}`], o);
  t.equal(outcome.exitCode, 2);
  t.same(outcome.results, [], 'no case ran, so none passed');
  t.equal(
    o.errors(),
    `cloudapi-conformance: the target refuses the access token given for phone number ${target.phoneNumberId} (HTTP 401, Graph code 190 on GET /v23.0/${target.phoneNumberId}): check --token and --phone-number-id, or --business\n`,
  );
  t.equal(o.text(), '');
  t.notMatch(o.text() + o.errors(), UNKNOWN_TOKEN);
  await t.rejects(stat(dir), 'no report');
});

t.test('the right --token passes the check silently', async (t) => {
  const target = await startGraphOnlyTarget();
  t.teardown(() => target.close());
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=GRAPH-auth-rejected', '--runs=2', `--report=${await mkdtemp(join(tmpdir(), 'cc-cred-'))}`], o);
  t.equal(outcome.exitCode, 0, o.errors());
  t.equal(outcome.results[0]?.verdict, 'pass');
  t.notMatch(o.text(), /# credentials:/);
});

/** A Graph API that answers the phone-number read and the empty send as told. */
async function mock(t: { teardown(fn: () => unknown): void }, read: (res: ServerResponse) => void, send: (res: ServerResponse) => void) {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    seen.push(`${req.method} ${req.url}`);
    if (req.method === 'GET') return read(res);
    return send(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = new TargetClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, new LogSwitch());
  t.teardown(() => {
    client.close();
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { graph: new GraphApi(client, 'v23.0'), seen };
}

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const graphError = (status: number, code: number) => json(status, { error: { message: 'no', type: 'OAuthException', code, fbtrace_id: 'x' } });
const caller = { accessToken: UNKNOWN_TOKEN, phoneNumberId: '106540352242922' };

t.test('the rule: what counts as a refusal', async (t) => {
  const answer = (status: number, body?: unknown): TargetResponse => ({ status, headers: {}, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)), json: body });
  t.ok(isRefusal(answer(401)), 'HTTP 401, whatever the body');
  for (const code of [0, 10, 102, 190, 200, 299]) t.ok(isRefusal(answer(400, { error: { code } })), `Graph code ${code}`);
  t.notOk(isRefusal(answer(404)), '404: the endpoint may not exist');
  t.notOk(isRefusal(answer(400, { error: { code: 100 } })), 'code 100: unknown path or bad parameter');
  t.notOk(isRefusal(answer(500, { error: { code: 190 } })), 'a 5xx is not an answer about the token');
  t.notOk(isRefusal(answer(403)), 'a bare 403 without a Graph code');
});

t.test('GET /{version}/{phone-number-id} answers 200: accepted, no fallback', async (t) => {
  const { graph, seen } = await mock(t, json(200, { id: caller.phoneNumberId, display_phone_number: '15550783881' }), json(500, {}));
  t.same(await checkCredentials(graph, caller), {});
  t.same(seen, [`GET /v23.0/${caller.phoneNumberId}?fields=id,display_phone_number,verified_name`]);
});

t.test('the read refused with code 190 at HTTP 400: not accepted', async (t) => {
  const { graph } = await mock(t, graphError(400, 190), json(200, {}));
  await t.rejects(checkCredentials(graph, caller), { code: 'HARNESS_CREDENTIALS_REFUSED', message: /HTTP 400, Graph code 190 on GET \/v23\.0\/106540352242922/ });
});

t.test('a target without the read (404): the empty send decides', async (t) => {
  const missing = (res: ServerResponse) => {
    res.statusCode = 404;
    res.end('not found');
  };
  const refusing = await mock(t, missing, graphError(401, 190));
  const e = await checkCredentials(refusing.graph, caller).catch((x: unknown) => x);
  t.ok(e instanceof HarnessError && e.code === 'HARNESS_CREDENTIALS_REFUSED');
  t.match((e as Error).message, /HTTP 401, Graph code 190 on POST \/v23\.0\/106540352242922\/messages/);
  t.notMatch((e as Error).message, UNKNOWN_TOKEN);
  t.same(refusing.seen.slice(1), [`POST /v23.0/${caller.phoneNumberId}/messages`]);

  const accepting = await mock(t, missing, graphError(400, 100));
  const check = await checkCredentials(accepting.graph, caller);
  t.match(check.note, /^credentials: the target answers GET \/v23\.0\/106540352242922 with HTTP 404, so --token was checked with a send without recipient \(POST \/v23\.0\/106540352242922\/messages: HTTP 400\) and accepted$/);
});
