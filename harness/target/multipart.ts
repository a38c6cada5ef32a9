// multipart/form-data bodies, as a business uploads media with.

import { randomBytes } from 'node:crypto';

export interface FormField {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

export function multipart(fields: readonly FormField[]): { body: Buffer; contentType: string } {
  const boundary = `----cc${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const f of fields) {
    const disposition = `form-data; name="${f.name}"${f.filename ? `; filename="${f.filename}"` : ''}`;
    const type = f.contentType ? `\r\nContent-Type: ${f.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(f.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
