// The media store (PROTOCOL.md §4.2): files consumers upload, encrypted,
// served by id to the target. It never sees a file's key.

import { pushBounded } from '../../core/bounded.ts';
import { refused, type Answer } from './answer.ts';
import { bounded, newHold, type Hold } from './hold.ts';
import { PerWorld } from './per-world.ts';

interface MediaState {
  /** Files by media id. */
  files: Map<string, Buffer>;
  /** Media ids the target fetched, in order. */
  fetches: string[];
  /** When set, the next media fetch is answered only once released (a case crashes the target meanwhile). */
  hold: Hold | undefined;
}

export class MediaStore extends PerWorld<MediaState> {
  constructor() {
    super(() => ({ files: new Map(), fetches: [], hold: undefined }));
  }

  get fetches(): string[] {
    return this.state.fetches;
  }

  /** A consumer's phone uploads an encrypted file (the target fetches it with GET /v0/media/{id}). */
  put(id: string, encrypted: Buffer): void {
    this.state.files.set(id, encrypted);
  }

  /**
   * The next GET of any media waits for the returned release (at most
   * HOLD_MS), so a case can restart the target while a message is
   * accepted but not yet forwarded. Later fetches are answered at once.
   */
  holdNextFetch(): () => void {
    const hold = newHold();
    this.state.hold = hold;
    return () => hold.release();
  }

  /** GET /transport/v0/media/{id}: the file as stored once a hold (if any) is released. */
  async fetch(id: string): Promise<Answer> {
    pushBounded(this.state.fetches, id);
    const hold = this.state.hold;
    if (hold) {
      this.state.hold = undefined;
      await bounded(hold.held);
    }
    const file = this.state.files.get(id);
    if (!file) return refused(404, 'unknown_media');
    return { status: 200, file };
  }

  protected override retire(old: MediaState): void {
    old.hold?.release();
  }
}
