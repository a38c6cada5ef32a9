// How a webhook endpoint the harness plays answers a delivery: the webhook
// receivers act it out and the outage generators draw it, so it is vocabulary
// of the kernel rather than of either.

export type HookMode = 'ok' | 'error-500' | 'timeout' | 'reset' | 'slow';
export const HOOK_MODES: readonly HookMode[] = ['ok', 'error-500', 'timeout', 'reset', 'slow'];
