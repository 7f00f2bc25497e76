import type { MainLogger } from 'electron-log';
import { inspect } from 'node:util';
import { redact } from '../../publishing/redact';

/**
 * The app's log: electron-log writes it to the platform's log folder
 * (where Help › Report a problem opens), and every line passes through the
 * same redaction as publish errors first, so a token a server echoed back
 * never reaches the disk.
 */

/** electron-log keeps one previous file (main.old.log) beside the current one. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** One logged value, redacted; an Error stays an Error, so the log still shows its stack. */
function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) {
    const copy = new Error(redact(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redact(value.stack);
    return copy;
  }
  if (value !== null && typeof value === 'object') return redact(inspect(value, { depth: 4, breakLength: Infinity }));
  return value;
}

export function redactLogData(data: readonly unknown[]): unknown[] {
  return data.map(redactValue);
}

export function configureLog(log: Pick<MainLogger, 'hooks' | 'transports' | 'errorHandler'>): void {
  log.transports.file.maxSize = MAX_LOG_BYTES;
  log.hooks.push((message) => ({ ...message, data: redactLogData(message.data) }));
  // Uncaught errors in main are logged (redacted like the rest) instead of only shown.
  log.errorHandler.startCatching({ showDialog: false });
}
