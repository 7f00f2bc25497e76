import { apiContract, type ApiMethod } from './api';

/**
 * The contract's method names. The sandboxed preload builds `window.copydesk`
 * from them but must not bundle zod, so its build replaces this module with
 * the list itself, read from the contract at build time
 * (electron.vite.config.ts); everywhere else the names come from here.
 */
export const API_METHODS = Object.keys(apiContract) as readonly ApiMethod[];
