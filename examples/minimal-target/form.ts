// A send's body as a form: Meta's OpenAPI description gives the messages
// endpoint a Content-Type of application/json, application/x-www-form-urlencoded
// or multipart/form-data. Each field is a string; a field holding an object
// (`template`, `interactive`) holds its JSON text.

function value(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function multipart(boundary: string, bytes: Buffer): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const part of bytes.toString('utf8').split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (split < 0 || name === undefined) continue;
    fields[name] = value(part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

/** The fields of a form body; undefined when the Content-Type is no form or the body holds no field. */
export function formFields(contentType: string | undefined, bytes: Buffer): Record<string, unknown> | undefined {
  let fields: Record<string, unknown> = {};
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
    for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) fields[k] = value(v);
  } else {
    const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
    if (boundary === undefined) return undefined;
    fields = multipart(boundary, bytes);
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
