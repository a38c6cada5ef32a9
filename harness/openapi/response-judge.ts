// Every Graph answer the harness receives, held against the operation the
// user's OpenAPI description declares for its method and path. A description
// is no MUST: a deviation is a SHOULD of the running case (warn), never a
// failure, and what the description does not know (an operation, a status)
// is not judged, only counted for the run's closing note.
//
// The route comes from openapi-backend's router (path templates, the most
// specific first); the status picks the declared response exactly, then by
// its range (2XX), then `default`; the body is validated against that
// response's application/json schema with ajv (JSON Schema 2020-12 for
// OpenAPI 3.1, draft 7 with `nullable` for 3.0), each validator compiled the
// first time its operation and status are met.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Operation } from 'openapi-backend';
import { recordShould } from '../core/deviations.ts';
import { HarnessError, type Deviation } from '../core/errors.ts';
import type { GraphAnswer } from '../target/target-client.ts';
import { showJson } from '../verify/show.ts';
import type { LoadedDescription } from './description.ts';

/** Deviations one answer gives at most: a wrong shape can break every branch of a oneOf. */
const MAX_PER_ANSWER = 8;
/** Distinct entries each list of the closing note keeps. */
const NOTE_KEEP = 200;
const NOTE_SHOW = 5;
/** Routes remembered before the memory starts over. */
const MAX_ROUTES = 2_000;
/** The description's id inside ajv. */
const DOCUMENT_ID = 'urn:cloudapi-conformance:openapi-description';

type Compiled =
  | { kind: 'json'; validate: ValidateFunction; mediaTypes: string[] }
  /** Declared with no application/json schema: a JSON body is not judged. */
  | { kind: 'not-json'; mediaTypes: string[] }
  /** A schema ajv cannot compile (a $ref pointing nowhere, a contradiction): not judged. */
  | { kind: 'broken'; reason: string };

interface Verdict {
  /** Undefined when the description declares nothing for the status. */
  statusKey?: string;
  /** `unjudged`: declared, but with nothing to hold this answer against (no JSON schema, a broken one). */
  outcome: 'fits' | 'deviates' | 'unjudged' | 'undeclared';
  deviations: Deviation[];
}

const mediaType = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(';')[0]!.trim().toLowerCase() || undefined;
const isJsonType = (t: string) => t === 'application/json' || t.endsWith('+json');
const shapeOf = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
const escapeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');

function operationKey(op: Operation): string {
  return op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
}

function label(op: Operation): string {
  const route = `${op.method.toUpperCase()} ${op.path}`;
  return op.operationId ? `${op.operationId} (${route})` : route;
}

/** The value `pointer` names in `body`, or `absent`. */
function at(body: unknown, pointer: string): { value?: unknown; absent?: true } {
  let v = body;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, token)) return { absent: true };
    v = (v as Record<string, unknown>)[token];
  }
  return { value: v };
}

/** Where the deviation is: a missing or unexpected property is named itself, not its parent. */
function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${escapeToken(String(e.params.missingProperty))}`;
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const p = e.params.additionalProperty ?? e.params.unevaluatedProperty;
    if (p !== undefined) return `${e.instancePath}/${escapeToken(String(p))}`;
  }
  return e.instancePath;
}

/** How many of the answer's own properties a branch declares: a send answer is a send, whatever else it misses. */
function overlap(branch: unknown, data: unknown): number {
  const declared = (branch as { properties?: unknown } | null)?.properties;
  if (typeof declared !== 'object' || declared === null || typeof data !== 'object' || data === null) return 0;
  return Object.keys(data).filter((k) => Object.prototype.hasOwnProperty.call(declared, k)).length;
}

/**
 * Of the errors under a failed oneOf or anyOf, those of the branch the answer
 * meant: the one declaring most of its properties, then the one with fewest
 * errors. A send answer with a bad field is not also reported as a mark-read
 * answer missing `success`. A oneOf that failed because several branches
 * matched is reported as itself.
 */
export function closestBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  const choices = kept.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const choice of choices) {
    if (!kept.includes(choice)) continue;
    const prefix = `${choice.schemaPath}/`;
    const inside = (e: ErrorObject) => e.schemaPath.startsWith(prefix);
    if (choice.keyword === 'oneOf' && Array.isArray(choice.params.passingSchemas)) {
      kept = kept.filter((e) => !inside(e));
      continue;
    }
    const count = new Map<string, number>();
    for (const e of kept.filter(inside)) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      count.set(branch, (count.get(branch) ?? 0) + 1);
    }
    if (count.size === 0) continue;
    const branches = Array.isArray(choice.schema) ? (choice.schema as unknown[]) : [];
    const score = (b: string) => [overlap(branches[Number(b)], choice.data), -count.get(b)!] as const;
    const better = (a: string, b: string) => {
      const [x, y] = [score(a), score(b)];
      return y[0] > x[0] || (y[0] === x[0] && y[1] > x[1]) ? b : a;
    };
    const best = [...count.keys()].reduce(better);
    kept = kept.filter((e) => e !== choice && (!inside(e) || e.schemaPath.startsWith(`${prefix}${best}/`)));
  }
  return kept;
}

/** A schema location as a reader finds it in the description: a JSON pointer, not ajv's encoded URI. */
function schemaLocation(schemaPath: string): string {
  const fragment = schemaPath.startsWith(`${DOCUMENT_ID}#`) ? schemaPath.slice(DOCUMENT_ID.length) : schemaPath;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function whatOf(e: ErrorObject): string {
  if (e.keyword === 'required') return 'missing, the description requires it';
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') return 'a property the description does not allow';
  return e.message ?? e.keyword;
}

/** A path as the closing note names it: versions and ids as placeholders, so one route is one entry. */
function routeShape(path: string): string {
  return path
    .split('?')[0]!
    .split('/')
    .map((s) => (/^v\d+(\.\d+)?$/.test(s) ? '{version}' : /\d/.test(s) || s.length > 40 ? '{id}' : s))
    .join('/');
}

function capped(set: Set<string>, entry: string): void {
  if (set.size < NOTE_KEEP) set.add(entry);
}

function listed(set: Set<string>): string {
  const all = [...set];
  return all.slice(0, NOTE_SHOW).join(', ') + (all.length > NOTE_SHOW ? ` and ${all.length - NOTE_SHOW} more` : '');
}

export class ResponseJudge {
  readonly #d: LoadedDescription;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, Compiled>();
  readonly #routes = new Map<string, Operation | undefined>();
  /** Operations of one method and path shape: /{Version}/{Media-ID} and /{Version}/{Business-ID} cannot be told apart by a path. */
  readonly #siblings = new Map<string, Operation[]>();
  #judged = 0;
  #deviating = 0;
  readonly #operationsMet = new Set<string>();
  readonly #deviatingOperations = new Set<string>();
  readonly #unknownRoutes = new Set<string>();
  readonly #undeclaredStatuses = new Set<string>();
  readonly #broken = new Set<string>();

  constructor(description: LoadedDescription) {
    this.#d = description;
    // Formats are not judged: descriptions use them loosely (int64 ids as strings, "uri" for paths).
    // verbose: a failed oneOf carries its branches and the data, to pick the branch the answer meant.
    const options = { strict: false, allErrors: true, verbose: true, validateFormats: false, logger: false } as const;
    this.#ajv = description.version.startsWith('3.0') ? new Ajv(options) : new Ajv2020(options);
    // The whole description as one schema, not checked against a meta-schema (it is none): each response's
    // schema is compiled through a $ref into it, so the $refs it keeps (loops) resolve against the document.
    try {
      this.#ajv.addSchema(description.definition, DOCUMENT_ID, undefined, false);
    } catch (e) {
      throw new HarnessError('HARNESS_BAD_ARGUMENT', `--openapi=${description.file}: its schemas cannot be read as JSON Schema (${(e as Error).message.split('\n')[0]!.slice(0, 160)})`);
    }
    for (const op of description.operations) {
      const key = `${op.method} ${shapeOf(op.path)}`;
      this.#siblings.set(key, [...(this.#siblings.get(key) ?? []), op]);
    }
  }

  get file(): string {
    return this.#d.file;
  }

  /** The TargetClient's observer: judges the answer and records its deviations in the running case. Never throws. */
  observe = (answer: GraphAnswer): void => {
    try {
      for (const d of this.judge(answer)) recordShould(d);
    } catch (e) {
      capped(this.#broken, `${answer.method} ${routeShape(answer.path)}: ${(e as Error).message.split('\n')[0]!.slice(0, 120)}`);
    }
  };

  /** Every deviation of the answer from its declared response; none when the description does not say. */
  judge(answer: GraphAnswer): Deviation[] {
    const matched = this.#route(answer.method, answer.path.split('?')[0]!);
    if (!matched) {
      capped(this.#unknownRoutes, `${answer.method.toUpperCase()} ${routeShape(answer.path)}`);
      return [];
    }
    const candidates = this.#siblings.get(`${matched.method} ${shapeOf(matched.path)}`) ?? [matched];
    const verdicts = candidates.map((op) => ({ op, ...this.#judgeAs(op, answer) })).filter((v) => v.statusKey !== undefined);
    if (verdicts.length === 0) {
      capped(this.#undeclaredStatuses, `${operationKey(matched)}${candidates.length > 1 ? ` (or ${candidates.length - 1} other operation(s) on the same path)` : ''} ${answer.status}`);
      return [];
    }
    // One operation the answer fits is enough: the path alone may not say which was called.
    const fit = verdicts.find((v) => v.outcome === 'fits');
    const deviating = verdicts.filter((v) => v.outcome === 'deviates');
    if (fit || deviating.length > 0) this.#judged++;
    if (fit) return (this.#operationsMet.add(operationKey(fit.op)), []);
    if (deviating.length === 0) return [];
    const best = deviating.reduce((a, b) => (b.deviations.length < a.deviations.length ? b : a));
    this.#operationsMet.add(operationKey(best.op));
    this.#deviating++;
    this.#deviatingOperations.add(operationKey(best.op));
    if (deviating.length === 1) return best.deviations;
    const rest = deviating.filter((v) => v !== best).map((v) => operationKey(v.op));
    const others = `; the closest of the ${deviating.length} operations the path may be (also ${rest.slice(0, 3).join(', ')}${rest.length > 3 ? ` and ${rest.length - 3} more` : ''})`;
    return best.deviations.map((d) => ({ ...d, expected: `${d.expected}${others}` }));
  }

  /** Routes by method and path, remembered: a case calls the same few paths again and again. */
  #route(method: string, path: string): Operation | undefined {
    const key = `${method.toLowerCase()} ${path}`;
    if (this.#routes.has(key)) return this.#routes.get(key);
    const op = this.#d.router.matchOperation({ method, path, headers: {} });
    if (this.#routes.size >= MAX_ROUTES) this.#routes.clear();
    this.#routes.set(key, op);
    return op;
  }

  #judgeAs(op: Operation, answer: GraphAnswer): Verdict {
    const responses = (op.responses ?? {}) as Record<string, unknown>;
    const byRange = `${Math.floor(answer.status / 100)}XX`;
    const statusKey = [String(answer.status), byRange, byRange.toLowerCase(), 'default'].find((k) => Object.prototype.hasOwnProperty.call(responses, k));
    if (statusKey === undefined) return { outcome: 'undeclared', deviations: [] };
    const compiled = this.#compile(op, statusKey, responses[statusKey]);
    const unjudged: Verdict = { statusKey, outcome: 'unjudged', deviations: [] };
    const fits: Verdict = { statusKey, outcome: 'fits', deviations: [] };
    if (compiled.kind === 'broken') return (capped(this.#broken, `${operationKey(op)} ${statusKey}: ${compiled.reason}`), unjudged);
    const where = `${label(op)} answered ${answer.status}`;
    const declared = `the ${statusKey} response ${operationKey(op)} declares`;
    const type = mediaType(answer.headers['content-type']);
    if (type !== undefined && !isJsonType(type)) {
      // A media type the response declares fits (its body is not judged); one it does not, only against a declared JSON body.
      const covered = compiled.mediaTypes.some((m) => m === type || m === '*/*' || (m.endsWith('/*') && type.startsWith(m.slice(0, -1))));
      if (covered) return fits;
      if (compiled.kind !== 'json') return unjudged;
      return { statusKey, outcome: 'deviates', deviations: [{ level: 'SHOULD', message: `${where} with content type ${type}, not the JSON its OpenAPI description declares`, expected: `content type application/json (${declared})`, actual: `content-type: ${type}` }] };
    }
    if (compiled.kind !== 'json') return unjudged;
    if (answer.json === undefined) {
      const actual = answer.body.length === 0 ? 'an empty body' : `${answer.body.length} bytes that are not JSON`;
      return { statusKey, outcome: 'deviates', deviations: [{ level: 'SHOULD', message: `${where} without the JSON body its OpenAPI description declares`, expected: `a JSON body (${declared})`, actual }] };
    }
    if (compiled.validate(answer.json)) return fits;
    const seen = new Set<string>();
    const deviations: Deviation[] = [];
    for (const e of closestBranches(compiled.validate.errors ?? [])) {
      const pointer = pointerOf(e);
      const what = whatOf(e);
      if (seen.has(`${pointer}\u0000${what}`)) continue;
      seen.add(`${pointer}\u0000${what}`);
      if (deviations.length >= MAX_PER_ANSWER) break;
      const found = at(answer.json, pointer);
      deviations.push({
        level: 'SHOULD',
        message: `${where} unlike its OpenAPI description at ${JSON.stringify(pointer)}${pointer === '' ? ' (the whole body)' : ''}: ${what}`,
        expected: `${e.keyword} ${showJson(e.params, 160)} at ${schemaLocation(e.schemaPath)} (${declared})`,
        actual: found.absent ? 'absent' : showJson(found.value, 200),
      });
    }
    return { statusKey, outcome: 'deviates', deviations };
  }

  #compile(op: Operation, statusKey: string, response: unknown): Compiled {
    const key = `${operationKey(op)}\u0000${statusKey}`;
    let c = this.#compiled.get(key);
    if (c) return c;
    const content = (response as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
    const types = Object.keys(content).map((t) => t.split(';')[0]!.trim().toLowerCase());
    const jsonKey = Object.keys(content).find((t) => t.split(';')[0]!.trim().toLowerCase() === 'application/json');
    const schema = jsonKey !== undefined ? content[jsonKey]?.schema : undefined;
    // The reader leaves null where a $ref pointed nowhere.
    if (jsonKey !== undefined && schema === null) c = { kind: 'broken', reason: 'its schema is a $ref that points nowhere' };
    else if (schema === undefined || schema === null || typeof schema !== 'object') c = { kind: 'not-json', mediaTypes: types };
    else {
      const pointer = ['paths', op.path, op.method, 'responses', statusKey, 'content', jsonKey!, 'schema'].map((t) => encodeURIComponent(escapeToken(t))).join('/');
      try {
        c = { kind: 'json', validate: this.#ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` }), mediaTypes: types };
      } catch (e) {
        c = { kind: 'broken', reason: (e as Error).message.split('\n')[0]!.slice(0, 120) };
      }
    }
    this.#compiled.set(key, c);
    return c;
  }

  /** The run's closing note: what was judged, what deviated, what the description does not know. */
  summary(): string {
    const lines = [
      `OpenAPI ${this.#d.file}: ${this.#judged} Graph answer(s) judged against ${this.#operationsMet.size} operation(s)${this.#operationsMet.size > 0 ? ` (${listed(this.#operationsMet)})` : ''}; ${this.#deviating} deviating (SHOULD: warn, never fail)${this.#deviatingOperations.size > 0 ? ` in ${listed(this.#deviatingOperations)}` : ''}`,
    ];
    if (this.#unknownRoutes.size > 0) lines.push(`OpenAPI: not judged, operations the description does not know: ${listed(this.#unknownRoutes)}`);
    if (this.#undeclaredStatuses.size > 0) lines.push(`OpenAPI: not judged, statuses the description does not declare: ${listed(this.#undeclaredStatuses)}`);
    if (this.#broken.size > 0) lines.push(`OpenAPI: not judged, schemas that cannot be compiled: ${listed(this.#broken)}`);
    return lines.join('\n') + '\n';
  }
}
