// Short, readable renderings of what the target sent, for expected/actual.

export function showResponse(status: number, body: Buffer | string, limit = 600): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return `HTTP ${status} ${text.length > limit ? text.slice(0, limit) + '…' : text}`;
}

export function showJson(v: unknown, limit = 600): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > limit ? s.slice(0, limit) + '…' : s;
}
