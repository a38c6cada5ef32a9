// A held answer: the transport has the request and answers only once a case
// releases it (the case restarts the target meanwhile). Every hold has a
// deadline, so a case that never releases cannot hang the run.

/** The longest a held media fetch or envelope answer waits for its release (real time). */
export const HOLD_MS = 20_000;

export interface Hold {
  held: Promise<void>;
  release: () => void;
}

export function newHold(): Hold {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  return { held, release };
}

/** A held answer waits for its release, or HOLD_MS at most. */
export async function bounded(held: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([held, new Promise<void>((r) => (timer = setTimeout(r, HOLD_MS)))]);
  clearTimeout(timer);
}
