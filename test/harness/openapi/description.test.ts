// Reading --openapi: the tests' own description loads; a file that is no
// OpenAPI description is one HARNESS_BAD_ARGUMENT line; $refs that point
// nowhere or outside the file do not stop it loading.
import t from 'tap';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDescription } from '../../../harness/openapi/description.ts';
import { ResponseJudge } from '../../../harness/openapi/response-judge.ts';
import { isHarnessError } from '../../../harness/core/errors.ts';

export const FIXTURE = fileURLToPath(new URL('./messages.openapi.yaml', import.meta.url));

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-openapi-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function refusal(path: string): Promise<string> {
  try {
    await loadDescription(path);
  } catch (e) {
    if (isHarnessError(e) && e.code === 'HARNESS_BAD_ARGUMENT') return e.message;
    throw e;
  }
  throw new Error(`${path} loaded`);
}

t.test("the tests' own description loads: its operations, version and title", async (t) => {
  const d = await loadDescription(FIXTURE);
  t.equal(d.version, '3.1.0');
  t.equal(d.title, 'cloudapi-conformance test description');
  t.same(d.operations.map((o) => o.operationId).sort(), ['deleteMedia', 'downloadMedia', 'getMediaUrl', 'getPhoneNumber', 'sendMessage', 'uploadMedia']);
  t.equal(d.unresolvedRefs, 0);
  t.ok(d.loadMs >= 0);
});

t.test('a file that is no OpenAPI description: one line naming the file and why', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['garbage.yaml', 'a: [unclosed\n  b: {', /neither JSON nor YAML \(line \d+, column \d+: [^)]+\)$/],
    ['list.json', '[1, 2, 3]', /not an OpenAPI description \(not a JSON or YAML mapping\)/],
    ['plain.yaml', 'name: not a description\n', /not an OpenAPI 3 description \(no "openapi: 3\.x" field\)/],
    ['v4.json', '{"openapi": "4.0.0", "paths": {}}', /not an OpenAPI 3 description .*got "4\.0\.0"/],
    ['swagger.json', '{"swagger": "2.0", "paths": {}}', /Swagger 2\.0, not OpenAPI 3/],
    ['no-paths.yaml', 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\n', /without "paths"/],
  ];
  for (const [name, text, why] of cases) {
    const path = await file(name, text);
    const message = await refusal(path);
    t.match(message, why, name);
    t.ok(message.startsWith(`--openapi=${path}: `), `${name}: names the flag and the file`);
    t.notOk(message.includes('\n'), `${name}: one line`);
  }
  t.match(await refusal('/nonexistent/description.yaml'), /^--openapi=\/nonexistent\/description\.yaml: no such file$/);
  t.match(await refusal(tmpdir()), /a directory, not a file/);
  const huge = await file('huge.yaml', '');
  await truncate(huge, 65 * 1024 * 1024); // sparse: nothing is written
  t.match(await refusal(huge), /65 MiB, larger than any OpenAPI description/);
});

t.test('JSON reads as well as YAML', async (t) => {
  const path = await file('d.json', JSON.stringify({ openapi: '3.0.3', info: { title: 'j', version: '1' }, paths: { '/x': { get: { responses: { '200': { description: 'ok' } } } } } }));
  const d = await loadDescription(path);
  t.equal(d.version, '3.0.3');
  t.equal(d.operations.length, 1);
});

const LOOSE = `openapi: 3.1.0
info: {title: loose, version: '1'}
components:
  parameterGroups: {not: part of OpenAPI}
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
paths:
  /tree:
    get:
      responses:
        '200':
          description: A tree, whose schema refers to itself.
          content: {application/json: {schema: {$ref: '#/components/schemas/Node', description: a sibling of $ref}}}
  /dangling:
    get:
      responses:
        '200':
          description: Its schema points nowhere.
          content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}
  /elsewhere:
    get:
      responses:
        '200':
          description: Its schema is in another file, which is never read.
          content: {application/json: {schema: {$ref: 'http://127.0.0.1:9/other.yaml#/Thing'}}}
`;

const answer = (path: string, json: unknown) => ({ method: 'GET', path, status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(json)), json });

t.test('not strictly valid OpenAPI still loads: unknown keys, $ref siblings, loops, $refs pointing nowhere or outside', async (t) => {
  const d = await loadDescription(await file('loose.yaml', LOOSE));
  t.equal(d.operations.length, 3);
  t.equal(d.unresolvedRefs, 1, 'the dangling $ref is counted');
  const judge = new ResponseJudge(d);
  t.same(judge.judge(answer('/tree', { name: 'a', children: [{ name: 'b', children: [] }] })), [], 'a loop is followed');
  const deep = judge.judge(answer('/tree', { name: 'a', children: [{ name: 'b', children: [{ children: [] }] }] }));
  t.same(deep.map((x) => x.message.match(/at ("[^"]*")/)?.[1]), ['"/children/0/children/0/name"'], 'a deviation deep in the loop, named by its pointer');
  t.same(judge.judge(answer('/dangling', { anything: 1 })), [], 'a schema that points nowhere is not judged');
  t.same(judge.judge(answer('/elsewhere', { anything: 1 })), [], 'nor one in another file');
  t.match(judge.summary(), /schemas that cannot be compiled: GET \/dangling 200: [^\n]*GET \/elsewhere 200/);
});

t.test("paths under the first server's path: a description whose server URL ends in the version", async (t) => {
  const doc = { openapi: '3.1.0', servers: [{ url: 'https://graph.example/v23.0/' }], paths: { '/{Phone-Number-ID}/messages': { post: { operationId: 'send', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['messages'] } } } } } } } } };
  const d = await loadDescription(await file('rooted.json', JSON.stringify(doc)));
  t.equal(d.apiRoot, '/v23.0');
  const judge = new ResponseJudge(d);
  const sent = { method: 'POST', path: '/v23.0/1065/messages', status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), json: {} };
  t.match(judge.judge(sent)[0]?.message, /^send \(POST \/\{Phone-Number-ID\}\/messages\) answered 200 unlike its OpenAPI description at "\/messages"/);
  t.same(judge.judge({ ...sent, path: '/v24.0/1065/messages' }), [], 'another version is not under it');
  const variable = await loadDescription(await file('variable.json', JSON.stringify({ ...doc, servers: [{ url: 'https://graph.example/{version}', variables: { version: { default: 'v23.0' } } }] })));
  t.equal(variable.apiRoot, '/', 'a server path with variables: paths from the root');
});
