import { GraphError } from './graph-errors.ts';
import { isObject, type JsonObject } from './http.ts';
import { parts } from './media.ts';

// A Graph request body sent as a form rather than JSON: the Content-Type
// header Meta's OpenAPI description gives operation sendMessage (and the
// other JSON operations) allows application/x-www-form-urlencoded and
// multipart/form-data (docs/cloud-api-rules.md#request-body-forms). Every
// field is a string; one that holds a JSON object or array (`template`,
// `interactive`, …) is that object, as the Graph API reads parameters.

export interface FormBody {
  kind: 'urlencoded' | 'multipart';
  fields: JsonObject;
}

function value(raw: string): unknown {
  const t = raw.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (isObject(parsed) || Array.isArray(parsed)) return parsed;
    } catch {
      // A string that only looks like JSON stays a string.
    }
  }
  if (t === 'true') return true;
  if (t === 'false') return false;
  return raw;
}

const utf8 = (b: Buffer): string => new TextDecoder('utf-8', { fatal: true }).decode(b);

/** The fields of a form body, or undefined when the Content-Type names no form or the body holds none. */
export function formBody(contentType: string | undefined, raw: Buffer): FormBody | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const fields: JsonObject = {};
  try {
    if (type === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(utf8(raw))) fields[k] = value(v);
    } else if (type === 'multipart/form-data') {
      for (const p of parts({ headers: { 'content-type': contentType } }, raw)) fields[p.name] = value(utf8(p.data));
    } else {
      return undefined;
    }
  } catch (e) {
    if (e instanceof GraphError || e instanceof TypeError) return undefined;
    throw e;
  }
  if (Object.keys(fields).length === 0) return undefined;
  return { kind: type === 'multipart/form-data' ? 'multipart' : 'urlencoded', fields };
}
