import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { bearer } from '../../harness/target/graph/caller.ts';

const METHODS = ['GET', 'PUT', 'DELETE'] as const;

export default defineCase({
  id: 'GRAPH-unsupported-method-refused',
  title: 'GET, PUT and DELETE on /{phone-number-id}/messages are answered with a Graph error, never 200 or 5xx',
  clause: {
    text: 'The messages edge serves POST only (operation sendMessage); Graph answers a method an object does not support with its error object ("Unsupported get request. … does not support this operation", code 100). MUST: GET, PUT and DELETE on /{version}/{phone-number-id}/messages, with the business\'s valid token, are each answered with a 4xx and the Graph error envelope (any code), never 200 and never 5xx.',
    source: 'https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Responses"; Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; docs/cloud-api-rules.md#unsupported-methods',
  },
  severity: 'MUST',
  requires: ['graph.messages'],
  faults: ['unsupported-method-500'],
  async run(ctx) {
    const { world } = ctx;
    const caller = await world.graphCaller();
    for (const method of METHODS) {
      // A method the edge does not serve: malformed on purpose, hence raw.
      const res = await world.graph.raw(method, `/${caller.phoneNumberId}/messages`, { headers: bearer(caller) });
      expectGraphError(res, { because: `${method} on /{phone-number-id}/messages, which serves POST only` });
    }
  },
});
