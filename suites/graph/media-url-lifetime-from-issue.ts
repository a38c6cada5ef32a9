import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { MEDIA_URL_MS, MINUTE_MS, SECOND_MS } from '../../harness/core/durations.ts';

const FILE = { bytes: Buffer.from('\x89PNG\r\n\x1a\nmedia url lifetime'), filename: 'a.png', mime: 'image/png' };

export default defineCase({
  id: 'GRAPH-media-url-lifetime-from-issue',
  title: 'A media download URL works for 5 minutes from the GET /{media-id} that issued it, however old the media, and not after',
  clause: {
    text: 'Paraphrase of Meta\'s Media page: the url GET /{media-id} answers is valid for 5 minutes; to download later, retrieve the URL again. So the 5 minutes count from the GET that answered the URL, while the uploaded media itself persists 30 days.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Get media ID"; Meta\'s WhatsApp Business OpenAPI description, operations retrieveMediaUrl, downloadMedia; docs/cloud-api-rules.md#media-lifetimes',
  },
  severity: 'MUST',
  requires: ['graph.media', 'control.provision', 'control.clock'],
  faults: ['media-url-lifetime-from-upload', 'media-url-lifetime-in-seconds'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const up = await world.graph.media.upload(business, FILE);
    const id = (up.json as { id?: unknown } | undefined)?.id;
    expect(up.status === 200 && typeof id === 'string', 'the upload was refused', '200 {"id"}', showResponse(up.status, up.body));
    await world.advanceClock(10 * MINUTE_MS);
    const urlNow = async (): Promise<string> => {
      const meta = await world.graph.media.get(business, id);
      const url = (meta.json as { url?: unknown } | undefined)?.url;
      expect(meta.status === 200 && typeof url === 'string', `GET /${id} was refused`, '200 {"url", …}', showResponse(meta.status, meta.body));
      return url;
    };
    const url = await urlNow();
    await world.advanceClock(MEDIA_URL_MS - SECOND_MS);
    const inTime = await world.graph.media.download(business, url);
    expect(inTime.status === 200 && inTime.body.equals(FILE.bytes), 'a media URL failed 5 min - 1 s after the GET that issued it (10 min after the upload)', `200 with the ${FILE.bytes.length} bytes`, `HTTP ${inTime.status}, ${inTime.body.length} bytes`);
    const fresh = await urlNow();
    await world.advanceClock(2 * SECOND_MS);
    const late = await world.graph.media.download(business, url);
    expect(late.status >= 400 && late.status < 500, 'a media URL still worked 5 min + 1 s after it was issued', 'a 4xx', `HTTP ${late.status}`);
    const renewed = await world.graph.media.download(business, fresh);
    expect(renewed.status === 200 && renewed.body.equals(FILE.bytes), 'a URL retrieved again failed 2 s after its GET', `200 with the ${FILE.bytes.length} bytes`, `HTTP ${renewed.status}, ${renewed.body.length} bytes`);
  },
});
