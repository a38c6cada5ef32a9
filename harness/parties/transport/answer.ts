// What a transport route answers, before either adapter of the router turns
// it into HTTP (PROTOCOL.md §4 lists every body).

export interface JsonAnswer {
  status: number;
  json: unknown;
  /** Sent only once this settles (an envelope answer a case holds back). */
  after?: Promise<void>;
}

/** The media store's answer: the encrypted file itself. */
export interface FileAnswer {
  status: 200;
  file: Buffer;
}

export type Answer = JsonAnswer | FileAnswer;

export const accepted = (): JsonAnswer => ({ status: 200, json: { ok: true } });

export const refused = (status: number, code: string): JsonAnswer => ({ status, json: { error: { code } } });

export const badRequest = (message: string): JsonAnswer => ({ status: 400, json: { error: { code: 'bad_request', message } } });
