/** The IPC channels between the preload and main: one per method (the prefix and the method's name), and one for events. */
export const EVENT_CHANNEL = 'copydesk:event';
export const INVOKE_CHANNEL_PREFIX = 'copydesk:';
/** The preload's own channel for the paths of files the writer dropped on the window; not part of the contract, so the page cannot send on it. */
export const DROP_CHANNEL = 'copydesk-preload:dropped';
