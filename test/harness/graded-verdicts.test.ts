// Verdicts against small fake Graph targets: Meta's own documented 401 gets
// at most a warn, a response with several deviations lists every one, and a
// Graph endpoint that never answers fails within --request-timeout.
import t from 'tap';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { startFakeGraphTarget, type FakeAnswer } from './fake-graph-target.ts';

const quiet = (): Output & { text: () => string } => {
  let out = '';
  return { out: (s) => void (out += s), err: (s) => void (out += s), text: () => out };
};

async function run(t: { teardown(fn: () => unknown): void }, answer: (method: string, path: string) => FakeAnswer, ...flags: string[]) {
  const target = await startFakeGraphTarget(answer);
  t.teardown(() => target.close());
  const o = quiet();
  const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--runs=3', '--seed=1', ...flags], o);
  return { outcome, text: o.text(), target };
}

const META_401 = { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'Aq9UjmtpXfzKtRPlCgXlzDf' } };

t.test("Meta's documented 401 body: GRAPH-auth-rejected warns, naming the SHOULDs, and the run passes", async (t) => {
  const { outcome, text } = await run(t, () => ({ status: 401, json: META_401 }), '--case=GRAPH-auth-rejected');
  const r = outcome.results[0]!;
  t.equal(r.verdict, 'warn', r.message ?? '');
  t.equal(outcome.exitCode, 0, 'a warn never fails a run');
  t.ok(r.deviations?.length && r.deviations.every((d) => d.level === 'SHOULD'), 'SHOULDs only, one pair per kind of bad token drawn');
  t.match(r.deviations?.map((d) => d.message).join('\n'), /does not start "\(#190\) "[^]*error_data\.details missing/);
  t.match(text, /# TODO warn: SHOULD not met[^]*deviations:\n {4}- "SHOULD: /);
});

t.test('a refusal with three deviations fails listing all three, in every report', async (t) => {
  const body = { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_data: { details: 'no token' }, fbtrace_id: 'x' } };
  const dir = await mkdtemp(join(tmpdir(), 'cc-graded-'));
  const { outcome, text } = await run(t, () => ({ status: 400, json: body }), '--case=GRAPH-auth-rejected', `--report=${dir}`);
  const r = outcome.results[0]!;
  t.equal(r.verdict, 'fail');
  t.equal(outcome.exitCode, 1);
  t.same(r.deviations?.map((d) => `${d.level} ${d.message.replace(/^[^:]*: /, '')}`), ['MUST wrong HTTP status 400', 'MUST wrong error code 100', 'SHOULD error.message does not start "(#100) "']);
  t.match(r.message, /wrong HTTP status 400; .*wrong error code 100/);
  t.match(text, /deviations:\n {4}- "MUST: [^\n]*\n {4}- "MUST: [^\n]*\n {4}- "SHOULD: /);
  const schema = JSON.parse(await readFile(new URL('../../harness/report/report.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { cases: { deviations?: unknown[] }[] };
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.equal(report.cases[0]?.deviations?.length, 3);
  t.match(await readFile(join(dir, 'junit.xml'), 'utf8'), /deviation \(MUST\): [^\n]*wrong HTTP status 400[^]*deviation \(MUST\): [^\n]*wrong error code 100[^]*deviation \(SHOULD\): /);
});

t.test('a Graph endpoint that never answers: fail within the request timeout, with the request as evidence', async (t) => {
  const { outcome, target } = await run(t, () => 'hang', '--case=GRAPH-auth-rejected,FUZZ-GRAPH-malformed-body', '--request-timeout=1');
  t.equal(outcome.exitCode, 1);
  for (const r of outcome.results) {
    t.equal(r.verdict, 'fail', `${r.id}: ${r.message}`);
    t.match(r.message, /^the target gave no answer to POST \/v23\.0\/\d+\/messages$/, r.id);
    t.equal(r.expected, 'an HTTP answer within 1 s');
    t.match(r.actual, /^no answer within 1 s \(POST \/v23\.0\/\d+\/messages\)$/);
    t.equal(r.evidence?.at(-1)?.error, r.actual, 'the wire log shows the unanswered request');
    t.equal(r.shrinks, 0, 'a hang is not shrunk');
  }
  t.equal(target.requests.length, 2, 'one unanswered request per case: no retries, no shrinking');
});
