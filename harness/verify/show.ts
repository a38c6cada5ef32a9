// Short, readable renderings of what the target sent, for expected/actual.

export function showResponse(status: number, body: Buffer | string, limit = 600): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return `HTTP ${status} ${text.length > limit ? text.slice(0, limit) + '…' : text}`;
}

/**
 * Characters a reader cannot see or tell apart (combining marks, format and
 * control characters, spaces other than ' ') shown as \u escapes, so
 * "e\u0301" and "é" do not print the same.
 */
export function revealInvisible(s: string): string {
  return s.replace(/[\p{M}\p{Cf}\p{Cc}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu, (c) =>
    [...c].map((ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`).join(''),
  );
}

export function showJson(v: unknown, limit = 600): string {
  const s = revealInvisible(JSON.stringify(v) ?? String(v));
  return s.length > limit ? s.slice(0, limit) + '…' : s;
}
