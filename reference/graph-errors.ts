import { randomBytes } from 'node:crypto';

// Graph API errors in the documented envelope (docs/cloud-api-rules.md#error-envelope). Clients
// key on `code` and `error_data.details`, so details name the parameter.

const TITLES: Record<number, string> = {
  0: 'AuthException',
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token',
  200: 'Permission denied',
  131000: 'Something went wrong',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131021: 'Recipient cannot be sender',
  131047: 'Re-engagement message',
  131051: 'Unsupported message type',
  137000: 'Identity key mismatch',
};

const STATUS: Record<number, number> = { 0: 401, 190: 401, 200: 403, 131000: 500 };

export class GraphError extends Error {
  readonly code: number;
  readonly details: string;
  constructor(code: number, details: string) {
    super(`(#${code}) ${TITLES[code] ?? 'Error'}`);
    this.name = 'GraphError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return STATUS[this.code] ?? 400;
  }
  body(): Record<string, unknown> {
    return {
      error: {
        message: this.message,
        type: 'OAuthException',
        code: this.code,
        error_data: { messaging_product: 'whatsapp', details: this.details },
        fbtrace_id: randomBytes(12).toString('base64url'),
      },
    };
  }
}

export const missing = (param: string): GraphError =>
  new GraphError(131008, `The parameter ${param} is required.`);
export const invalid = (param: string, why: string): GraphError =>
  new GraphError(131009, `Param ${param} ${why}`);
