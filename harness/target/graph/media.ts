// Media endpoints: POST /{phone-number-id}/media, GET and DELETE /{media-id},
// and the download URL the GET hands out (valid 5 minutes, bearer token needed).
// https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/

import { multipart } from '../multipart.ts';
import type { TargetResponse } from '../target-client.ts';
import { bearer, type GraphAuth, type GraphCaller, type GraphRequester } from './caller.ts';

/** A file to upload: its bytes, the name it is sent under and its MIME type (also the form's `type`). */
export interface MediaUpload {
  bytes: Buffer;
  filename: string;
  mime: string;
}

/** How an upload or a media read is addressed, beyond the defaults. */
export interface MediaOptions {
  /** `?phone_number_id=`: act only if the media belongs to that number (retrieveMediaUrl, deleteMedia). */
  phoneNumberId?: string;
  /** Upload: messaging_product as a query parameter instead of a form field. */
  productInQuery?: boolean;
}

const scoped = (path: string, o: MediaOptions) => (o.phoneNumberId === undefined ? path : `${path}?phone_number_id=${encodeURIComponent(o.phoneNumberId)}`);

export class MediaEndpoints {
  constructor(private readonly graph: GraphRequester) {}

  /** POST /{phone-number-id}/media, multipart: messaging_product, type, file (operation uploadImage). */
  upload(caller: GraphCaller, file: MediaUpload, auth: GraphAuth = {}, options: MediaOptions = {}): Promise<TargetResponse> {
    const form = multipart([
      ...(options.productInQuery ? [] : [{ name: 'messaging_product', value: 'whatsapp' }]),
      { name: 'type', value: file.mime },
      { name: 'file', value: file.bytes, filename: file.filename, contentType: file.mime },
    ]);
    const path = `/${this.graph.version}/${caller.phoneNumberId}/media${options.productInQuery ? '?messaging_product=whatsapp' : ''}`;
    return this.graph.request('POST', path, { headers: { ...bearer(caller, auth), 'content-type': form.contentType }, body: form.body });
  }

  /** GET /{media-id}: its url, mime_type, sha256, file_size and id (operation retrieveMediaUrl). */
  get(caller: GraphCaller, mediaId: string, auth: GraphAuth = {}, options: MediaOptions = {}): Promise<TargetResponse> {
    return this.graph.request('GET', scoped(`/${this.graph.version}/${mediaId}`, options), { headers: bearer(caller, auth) });
  }

  /** DELETE /{media-id} → {"success": true} (operation deleteMedia). */
  delete(caller: GraphCaller, mediaId: string, auth: GraphAuth = {}, options: MediaOptions = {}): Promise<TargetResponse> {
    return this.graph.request('DELETE', scoped(`/${this.graph.version}/${mediaId}`, options), { headers: bearer(caller, auth) });
  }

  /**
   * GETs a download URL the target handed out, path and query as given
   * (operation downloadMedia); `{ token: null }` downloads without the token.
   * Whether the URL points at the target is the caller's to check.
   */
  download(caller: GraphCaller, url: string, auth: GraphAuth = {}): Promise<TargetResponse> {
    const u = new URL(url);
    return this.graph.request('GET', u.pathname + u.search, { headers: bearer(caller, auth) });
  }
}
