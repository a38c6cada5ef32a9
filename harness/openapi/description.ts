// An OpenAPI description the user gives with --openapi: read once before any
// case, leniently. Published descriptions are often not strictly valid
// OpenAPI (unknown keys, $ref with siblings), and only what judging answers
// needs is required of one: JSON or YAML, an `openapi: 3.x` field, `paths`.
// Only $refs inside the file are followed: a description never makes the
// harness read other files or the network.

import { readFile, stat } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { OpenAPIRouter, type Operation } from 'openapi-backend';
import { dereference } from 'openapi-backend/refparser.js';
import type { Document } from 'openapi-backend';
import { HarnessError } from '../core/errors.ts';

export interface LoadedDescription {
  file: string;
  /** The `openapi` field, e.g. "3.1.0". */
  version: string;
  /** `info.title`, when there is one. */
  title?: string;
  /** The document, its $refs followed except those that loop. */
  definition: object;
  router: OpenAPIRouter;
  /** Where its paths start in a request's path (its first server's path). */
  apiRoot: string;
  operations: readonly Operation[];
  /** $refs inside the file that point nowhere: the schemas holding them are not judged. */
  unresolvedRefs: number;
  loadMs: number;
}

/** The router, its flat list of operations built once: the library rebuilds it on every match otherwise. */
class DescribedRouter extends OpenAPIRouter {
  #operations: Operation[] | undefined;
  override getOperations(): Operation[] {
    return (this.#operations ??= super.getOperations());
  }
}

/** Meta's description is about 1 MB; a file far larger is not one. */
const MAX_BYTES = 64 * 1024 * 1024;

const bad = (file: string, why: string) => new HarnessError('HARNESS_BAD_ARGUMENT', `--openapi=${file}: ${why}`);

function firstLine(e: unknown): string {
  return ((e as Error).message ?? String(e)).split('\n')[0]!.slice(0, 160);
}

/** The YAML reader's complaint, short: what and where, without the excerpt it quotes. */
function yamlProblem(e: unknown): string {
  const what = firstLine(e).split(/: "| at line /)[0]!.replace(/:$/, '');
  const at = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${what}` : what;
}

/** JSON when it looks like JSON, YAML otherwise (YAML 1.2 reads JSON too, but slower). */
function parseText(file: string, text: string): unknown {
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: a YAML flow mapping also starts with "{".
    }
  }
  try {
    // Duplicate keys: the last one wins, as in most YAML readers.
    return parseYaml(text, { uniqueKeys: false });
  } catch (e) {
    throw bad(file, `neither JSON nor YAML (${yamlProblem(e)})`);
  }
}

/**
 * Where the paths start: the path of the first server's URL, when it has one
 * and no variables (`https://graph.facebook.com/v23.0` with paths
 * `/{Phone-Number-ID}/messages`); `/` otherwise, as in Meta's description.
 */
function apiRootOf(servers: unknown): string {
  const url = Array.isArray(servers) ? (servers[0] as { url?: unknown } | undefined)?.url : undefined;
  if (typeof url !== 'string' || url.includes('{')) return '/';
  try {
    return new URL(url, 'http://relative.invalid').pathname.replace(/\/+$/, '') || '/';
  } catch {
    return '/';
  }
}

export async function loadDescription(file: string): Promise<LoadedDescription> {
  const started = performance.now();
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > MAX_BYTES) throw bad(file, `${Math.round(size / 1024 / 1024)} MiB, larger than any OpenAPI description (at most ${MAX_BYTES / 1024 / 1024} MiB)`);
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : `cannot be read (${code ?? firstLine(e)})`);
  }
  const doc = parseText(file, text);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad(file, 'not an OpenAPI description (not a JSON or YAML mapping)');
  const d = doc as Record<string, unknown>;
  if (typeof d.swagger === 'string') throw bad(file, `Swagger ${d.swagger}, not OpenAPI 3 (convert it to OpenAPI 3.0 or 3.1 first)`);
  if (typeof d.openapi !== 'string' || !/^3\.\d+(\.\d+)?/.test(d.openapi)) throw bad(file, `not an OpenAPI 3 description (no "openapi: 3.x" field${d.openapi !== undefined ? `, got ${JSON.stringify(d.openapi).slice(0, 40)}` : ''})`);
  if (typeof d.paths !== 'object' || d.paths === null || Array.isArray(d.paths)) throw bad(file, 'an OpenAPI description without "paths": no operation to judge answers by');

  // In place, so routes and responses read plainly. A $ref that loops stays a $ref, which ajv follows;
  // one that points nowhere becomes null, and only the schema holding it goes unjudged.
  let unresolvedRefs = 0;
  try {
    await dereference(d as never, { resolve: { external: false }, continueOnError: true, dereference: { circular: 'ignore' } });
  } catch (e) {
    const errors = (e as { errors?: unknown[] }).errors;
    if (!Array.isArray(errors)) throw bad(file, `its $refs cannot be followed (${firstLine(e)})`);
    unresolvedRefs = errors.length;
  }
  const apiRoot = apiRootOf(d.servers);
  const router = new DescribedRouter({ definition: d as unknown as Document, apiRoot });
  const operations = router.getOperations();
  const info = d.info as { title?: unknown } | undefined;
  return {
    file,
    version: d.openapi,
    definition: d,
    title: typeof info?.title === 'string' ? info.title : undefined,
    router,
    apiRoot,
    operations,
    unresolvedRefs,
    loadMs: Math.round(performance.now() - started),
  };
}
