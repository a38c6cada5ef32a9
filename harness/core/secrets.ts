// Tokens, app secrets and URL passwords never reach a report, a log or an
// error message: everything the harness prints or writes passes through
// `redact`.

/** Characters that can be part of a token: a short secret is redacted only where none of them touch it. */
const TOKEN_CHAR = 'A-Za-z0-9_\\-';
/**
 * Secrets this long are redacted wherever they occur. The harness's own
 * secrets (secretToken) are 30+ characters; shorter ones come from the user
 * (a token, a URL password), and are redacted where they stand as a whole
 * token, so a password "abc" still goes from "user:abc@" but "abcdef" stays.
 */
const ANYWHERE = 6;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretRegistry {
  #long = new Set<string>();
  #short = new Set<string>();
  #shortPattern: RegExp | undefined;

  add(secret: string | undefined): void {
    if (secret === undefined || secret === '') return;
    if (secret.length >= ANYWHERE) this.#long.add(secret);
    else if (!this.#short.has(secret)) {
      this.#short.add(secret);
      const alternatives = [...this.#short].sort((a, b) => b.length - a.length).map(escape);
      this.#shortPattern = new RegExp(`(?<![${TOKEN_CHAR}])(?:${alternatives.join('|')})(?![${TOKEN_CHAR}])`, 'g');
    }
  }

  /** The user info of a URL (`user:password@`) holds a secret: the password, and user and password together. */
  addUrl(url: string | undefined): void {
    const info = userinfo(url);
    // A user name alone is not a secret (and a short one would redact ordinary words).
    if (!info?.password) return;
    this.add(info.raw);
    this.add(info.password);
    this.add(decode(info.password));
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.#long) out = out.split(s).join('[Filtered]');
    if (this.#shortPattern) out = out.replace(this.#shortPattern, '[Filtered]');
    return out;
  }
}

function userinfo(url: string | undefined): { raw: string; password: string } | undefined {
  const m = url === undefined ? null : /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url);
  if (!m || m[1] === '') return undefined;
  const colon = m[1]!.indexOf(':');
  return { raw: m[1]!, password: colon >= 0 ? m[1]!.slice(colon + 1) : '' };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The URL as the harness prints it: user info (which may hold a password) shown as [Filtered]. */
export function withoutUserinfo(url: string): string {
  const info = userinfo(url);
  return info ? url.replace(`${info.raw}@`, '[Filtered]@') : url;
}
