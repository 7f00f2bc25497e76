import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/publishing/redact';
import { configureLog, redactLogData } from '../../src/main/shell/log';

/** The app's log lines pass through the publish redaction before electron-log writes them; a stand-in logger records the set-up. */

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const BASIC = 'Basic YWRtaW46c2VjcmV0LXBhc3N3b3JkLTEyMw==';

describe('log redaction', () => {
  it('removes tokens, signatures and Authorization values from text, errors and objects, and leaves the rest', () => {
    const error = new Error(`The site answered 401 to Authorization: ${BASIC}`);
    const [text, redactedError, object, count] = redactLogData([
      `Ghost refused ${JWT}`,
      error,
      { request: { headers: { authorization: BASIC } }, signature: `sha256=${'a'.repeat(64)}` },
      3,
    ]);
    expect(text).toBe(`Ghost refused ${REDACTED}`);
    expect(redactedError).toBeInstanceOf(Error);
    expect((redactedError as Error).message).toBe(`The site answered 401 to Authorization: Basic ${REDACTED}`);
    expect((redactedError as Error).stack).not.toContain('YWRtaW46');
    expect(object).toContain(REDACTED);
    expect(object).not.toContain('YWRtaW46');
    expect(object).not.toContain('a'.repeat(64));
    expect(count).toBe(3);
    expect(error.message, 'the original error is left as it was').toContain('YWRtaW46');
  });
});

describe('the log set-up', () => {
  it('rotates the file, redacts every message through a hook, and catches uncaught errors without a dialog', () => {
    const hooks: Array<(message: { data: unknown[] }) => { data: unknown[] } | false> = [];
    const caught: unknown[] = [];
    const logger = {
      hooks,
      transports: { file: { maxSize: 0 } },
      errorHandler: { startCatching: (options: unknown) => caught.push(options) },
    };
    configureLog(logger as unknown as Parameters<typeof configureLog>[0]);
    expect(logger.transports.file.maxSize).toBe(5 * 1024 * 1024);
    expect(caught).toEqual([{ showDialog: false }]);
    expect(hooks).toHaveLength(1);
    const out = hooks[0]!({ data: [`token ${JWT}`] });
    expect(out).toEqual({ data: [`token ${REDACTED}`] });
  });
});
