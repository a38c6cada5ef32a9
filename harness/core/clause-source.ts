// What a case's `clause.source` may say, so that a reader can open every
// reference it makes (docs/cloud-api-rules.md#how-clauses-cite-their-sources):
// one or more references separated by "; ", each a public https page
// (optionally ` — "Heading"`), Meta's OpenAPI description by operation id, or
// an anchor in the project's own docs (docs/*.md, harness/PROTOCOL.md).

export type SourceRef =
  | { kind: 'url'; url: string; heading?: string }
  | { kind: 'openapi'; operations: string[] }
  | { kind: 'doc'; path: string; anchor: string };

export const SEPARATOR = '; ';
/** Followed by one operation id, or (`operations`) several separated by ", ". */
export const OPENAPI_PREFIX = "Meta's WhatsApp Business OpenAPI description, operation";

const URL_REF = /^(https:\/\/\S+?)(?: — "([^"]+)")?$/;
const OPENAPI_REF = new RegExp(`^${OPENAPI_PREFIX}(s?) (.+)$`);
const OPERATION_ID = /^[A-Za-z][A-Za-z0-9_]*$/;
const DOC_REF = /^(docs\/[a-z0-9][a-z0-9-]*\.md|harness\/PROTOCOL\.md)#([\p{Ll}\p{N}_-]+)$/u;

/** One reference, or why it is none of the three accepted forms. */
export function parseSourceRef(ref: string): SourceRef | string {
  const url = URL_REF.exec(ref);
  if (url) {
    try {
      new URL(url[1]!);
    } catch {
      return `"${ref}" is not a valid URL`;
    }
    return url[2] === undefined ? { kind: 'url', url: url[1]! } : { kind: 'url', url: url[1]!, heading: url[2] };
  }
  const openapi = OPENAPI_REF.exec(ref);
  if (openapi) {
    const operations = openapi[2]!.split(', ');
    const bad = operations.filter((o) => !OPERATION_ID.test(o));
    if (bad.length > 0) return `"${ref}" names something that is no operation id (${bad.map((b) => JSON.stringify(b)).join(', ')})`;
    if ((openapi[1] === 's') !== operations.length > 1) return `"${ref}": "operation" for one id, "operations" for several`;
    return { kind: 'openapi', operations };
  }
  const doc = DOC_REF.exec(ref);
  if (doc) return { kind: 'doc', path: doc[1]!, anchor: doc[2]! };
  return `"${ref}" is neither an https URL, "${OPENAPI_PREFIX} <id>", nor docs/<file>.md#anchor or harness/PROTOCOL.md#anchor`;
}

/** Every reference of a source, and the problems of those that are not references. */
export function parseClauseSource(source: string): { refs: SourceRef[]; problems: string[] } {
  const refs: SourceRef[] = [];
  const problems: string[] = [];
  if (source.trim() === '') return { refs, problems: ['the source is empty'] };
  for (const part of source.split(SEPARATOR)) {
    const r = parseSourceRef(part);
    if (typeof r === 'string') problems.push(r);
    else refs.push(r);
  }
  return { refs, problems };
}

/** The anchor GitHub gives a heading: inline markup dropped, lower case, punctuation removed, each space a hyphen. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings (outside code fences, repeats numbered as GitHub does) and explicit `<a id>` / `<a name>`. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === undefined) fence = f[1]![0];
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const slug = githubSlug(h[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}
