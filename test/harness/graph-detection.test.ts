// Which runs are Graph-only: a target whose capabilities call answers
// anything but the protocol's shape (an auth-first gateway's 401 or 403,
// Meta's Graph error, a mock server's 404 or HTML) is judged on the Graph API
// alone, saying so in one line; --graph-only forces it; --graph-version picks
// the version, and a target that does not serve the one called stops the
// run with one line and exit 2.
import t from 'tap';
import type { ServerResponse } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { startGraphOnlyTarget } from './graph-only-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

const report = async () => `--report=${await mkdtemp(join(tmpdir(), 'cc-detect-'))}`;

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const ANSWERS: Array<[string, string, (res: ServerResponse) => void]> = [
  ['401 from an auth-first gateway', 'HTTP 401', json(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } })],
  ['403', 'HTTP 403', json(403, { message: 'Forbidden' })],
  ['a Graph error, as Meta answers an unknown path', 'HTTP 400', json(400, { error: { message: 'Unknown path components: /conformance/v0/capabilities', type: 'OAuthException', code: 2500 } })],
  ['404', 'HTTP 404, empty', (res) => void ((res.statusCode = 404), res.end())],
  ['an HTML page', 'HTTP 200, not JSON', (res) => void (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html><body>Welcome</body></html>'))],
];

t.test('a capabilities answer that is not the protocol: a Graph-only run, said in one line', async (t) => {
  let answer = ANSWERS[0]![2];
  const target = await startGraphOnlyTarget({ control: (res) => answer(res) });
  t.teardown(() => target.close());
  for (const [what, seen, a] of ANSWERS) {
    answer = a;
    const o = capture();
    const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=GRAPH-auth-rejected', '--runs=2', await report()], o);
    t.equal(outcome.exitCode, 0, `${what}: ${o.errors()}`);
    t.equal(outcome.results[0]?.verdict, 'pass', what);
    const lines = o.text().split('\n').filter((l) => l.startsWith('# no control plane:'));
    t.equal(lines.length, 1, `${what}: one line says so`);
    t.match(lines[0], `GET /conformance/v0/capabilities answered ${seen}, so only the Graph API is judged`, what);
    t.notMatch(o.text() + o.errors(), target.token, `${what}: the token nowhere`);
  }
});

t.test('with --control-token the user said there is a control plane: a 401 there is an error', async (t) => {
  const target = await startGraphOnlyTarget({ control: ANSWERS[0]![2] });
  t.teardown(() => target.close());
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, '--control-token=ctl-token-1234567', '--case=GRAPH-auth-rejected', await report()], o);
  t.equal(outcome.exitCode, 2);
  t.match(o.errors(), /answered GET \/conformance\/v0\/capabilities with HTTP 401 \(is --control-token right\?\)/);
});

t.test('a target serving only v24.0: one line and exit 2 without --graph-version, a pass with it', async (t) => {
  const target = await startGraphOnlyTarget({ serveVersion: 'v24.0' });
  t.teardown(() => target.close());
  const flags = [`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=GRAPH-auth-rejected', '--runs=2'];
  const o = capture();
  const refused = await runConformance([...flags, await report()], o);
  t.equal(refused.exitCode, 2);
  t.same(refused.results, [], 'no case ran');
  t.equal(o.errors().trim().split('\n').length, 1, 'one line');
  t.match(o.errors(), /the target does not serve Graph API v23\.0 for phone number \d+ \(HTTP 404 on GET \/v23\.0\/\d+, HTTP 404 on POST \/v23\.0\/\d+\/messages\): give the version it serves with --graph-version/);
  const o2 = capture();
  const served = await runConformance([...flags, '--graph-version=v24.0', await report()], o2);
  t.equal(served.exitCode, 0, o2.errors());
  t.equal(served.results[0]?.verdict, 'pass');
});

t.test('--graph-only against the embedded reference: the Graph cases run, the rest are n/a', async (t) => {
  const o = capture();
  const outcome = await runConformance(['--graph-only', '--case=GRAPH-auth-rejected,E2E-first-contact-both-directions', '--runs=2', await report()], o);
  t.equal(outcome.exitCode, 0, o.errors());
  const verdicts = Object.fromEntries(outcome.results.map((r) => [r.id, r.verdict]));
  t.same(verdicts, { 'E2E-first-contact-both-directions': 'n/a', 'GRAPH-auth-rejected': 'pass' });
  t.match(o.text(), /\(Graph-only\)/);
  t.match(o.text(), /# Graph-only \(--graph-only\): the control plane is not called/);
});

t.test('--graph-version the target does not declare, or not a version: exit 2, one line', async (t) => {
  const o = capture();
  const outcome = await runConformance(['--graph-version=v99.0', '--case=GRAPH-auth-rejected', await report()], o);
  t.equal(outcome.exitCode, 2);
  t.equal(o.errors(), 'cloudapi-conformance: --graph-version=v99.0 is not a version the target declares (v23.0)\n');
  const o2 = capture();
  t.equal((await runConformance(['--graph-version=23', await report()], o2)).exitCode, 2);
  t.match(o2.errors(), /--graph-version must look like v23\.0, got "23"/);
  const o3 = capture();
  t.equal((await runConformance(['--graph-only', '--target=http://127.0.0.1:9', await report()], o3)).exitCode, 2);
  t.match(o3.errors(), /--graph-only against --target needs a business the target knows: --token and --phone-number-id, or --business/);
});
