import { DigestTransform, newError } from 'builder-util-runtime';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { readUpdateSettings, UpdateSettings } from '../../src/common/preferences';
import { CHECK_EVERY_MS, updateProblem, Updates, type UpdateProblem, type Updater } from '../../src/main/shell/updates';

/**
 * The update decisions, driven by a stand-in for electron-updater's
 * autoUpdater that records what it was told and emits its events
 * (electron-updater itself needs Electron). The refused download's error is
 * the real one: builder-util-runtime's DigestTransform, which electron-updater
 * streams every download through, checking it against latest.yml's sha512.
 */

class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: string[] = [];
  checks = 0;
  nextCheck: () => Promise<unknown> = async () => null;
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    expect(options.provider).toBe('generic');
    this.feeds.push(options.url);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.nextCheck();
  }
}

function harness() {
  const updater = new FakeUpdater();
  const reported: UpdateProblem[] = [];
  const logged: string[] = [];
  const timers: Array<{ ms: number; run: () => void; stopped: boolean }> = [];
  const updates = new Updates({
    updater,
    currentVersion: '1.2.0',
    every: (ms, run) => {
      const timer = { ms, run, stopped: false };
      timers.push(timer);
      return () => {
        timer.stopped = true;
      };
    },
    report: (problem) => reported.push(problem),
    log: (line) => logged.push(line),
  });
  const aDayPasses = (): void => timers.filter((t) => !t.stopped).forEach((t) => t.run());
  return { updater, updates, reported, logged, timers, aDayPasses };
}

/** The error electron-updater raises for a download whose bytes are not the ones latest.yml names. */
async function realChecksumMismatch(): Promise<Error> {
  const published = createHash('sha512').update('the installer the newsroom published').digest('base64');
  try {
    await pipeline(
      Readable.from([Buffer.from('an installer someone swapped in')]),
      new DigestTransform(published),
      async (source) => {
        for await (const _ of source) void _;
      },
    );
  } catch (error) {
    return error as Error;
  }
  throw new Error('the digest check passed');
}

const URL = 'https://updates.example-news.org/copydesk/';

describe('updates from the newsroom’s server', () => {
  it('stays off, checking nothing, until an address is set', () => {
    const { updater, updates, timers } = harness();
    updates.configure(readUpdateSettings(null));
    updates.configure(readUpdateSettings({ url: null }));
    expect(updates.state()).toEqual({ state: 'off' });
    expect(updater.checks).toBe(0);
    expect(updater.feeds).toEqual([]);
    expect(timers).toEqual([]);
    // Downloads go on in the background; a quit with nothing downloaded installs nothing.
    expect(updater.autoDownload).toBe(true);
    expect(updates.questionAtQuit()).toBeNull();
    updates.answerAtQuit(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('checks the generic feed at start and once a day, and stops when the address is cleared', () => {
    const { updater, updates, timers, aDayPasses } = harness();
    updates.configure({ url: URL });
    expect(updater.feeds).toEqual([URL]);
    expect(updater.checks).toBe(1);
    expect(timers.map((t) => t.ms)).toEqual([CHECK_EVERY_MS]);
    aDayPasses();
    aDayPasses();
    expect(updater.checks).toBe(3);
    updates.configure({ url: null });
    aDayPasses();
    expect(updater.checks).toBe(3);
    expect(updates.state()).toEqual({ state: 'off' });
  });

  it('downloads in the background, then asks at quit, and installs only when agreed', () => {
    const { updater, updates } = harness();
    updates.configure({ url: URL });
    // So that electron-updater adds its install-at-quit when the download ends.
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updates.questionAtQuit()).toBeNull();
    updater.emit('update-available', { version: '1.3.0' });
    expect(updates.state()).toEqual({ state: 'downloading', url: URL, version: '1.3.0' });
    expect(updates.questionAtQuit()).toBeNull();
    updater.emit('update-downloaded', { version: '1.3.0' });
    expect(updates.questionAtQuit()).toEqual({
      message: 'Install Copydesk 1.3.0 now?',
      detail: expect.stringContaining('You are on version 1.2.0.') as string,
      buttons: ['Install and quit', 'Quit without installing'],
    });
    updates.answerAtQuit(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    updates.answerAtQuit(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('refuses a tampered download and says so in words, even from a background check', async () => {
    const { updater, updates, reported, logged } = harness();
    updates.configure({ url: URL });
    updater.emit('update-available', { version: '1.3.0' });
    const mismatch = await realChecksumMismatch();
    expect((mismatch as Error & { code?: string }).code).toBe('ERR_CHECKSUM_MISMATCH');
    updater.emit('error', mismatch);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toBe('Copydesk refused the update to Copydesk 1.3.0');
    expect(reported[0]!.detail).toMatch(
      /^The downloaded file does not match the checksum published with it in latest\.yml, so it was damaged on the way or changed by someone\. Nothing was installed; Copydesk stays at version 1\.2\.0\./,
    );
    expect(reported[0]!.detail).toContain(URL);
    expect(logged.at(-1)).toContain('refused');
    // Nothing waits to be installed, and quitting asks nothing.
    expect(updates.state()).toEqual({ state: 'idle', url: URL });
    expect(updates.questionAtQuit()).toBeNull();
    updates.answerAtQuit(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('refuses an installer not signed by the publisher', () => {
    const { updater, updates, reported } = harness();
    updates.configure({ url: URL });
    updater.emit('update-available', { version: '1.3.0' });
    updater.emit(
      'error',
      newError(
        'New version 1.3.0 is not signed by the application owner: publisherNames: Copydesk',
        'ERR_UPDATER_INVALID_SIGNATURE',
      ),
    );
    expect(reported[0]!.detail).toMatch(/^Its signature is not the one Copydesk was published with/);
  });

  it('tells the writer a server out of reach only when they just set its address; a background check only logs it', async () => {
    const { updater, updates, reported, logged, aDayPasses } = harness();
    const offline = (): Promise<unknown> => {
      const error = new Error('net::ERR_INTERNET_DISCONNECTED');
      updater.emit('error', error);
      return Promise.reject(error);
    };
    updater.nextCheck = offline;
    updates.configure({ url: URL }); // at start
    await Promise.resolve();
    expect(reported).toEqual([]);
    expect(logged.at(-1)).toContain('net::ERR_INTERNET_DISCONNECTED');
    aDayPasses();
    await Promise.resolve();
    expect(reported).toEqual([]);

    updates.configure({ url: 'https://updates.example-news.org/typo/' }, true); // saved in Preferences
    await Promise.resolve();
    expect(reported).toEqual([
      {
        message: 'Copydesk could not check for updates',
        detail: expect.stringContaining(
          'The update server at https://updates.example-news.org/typo/ could not be used for the update: net::ERR_INTERNET_DISCONNECTED.',
        ) as string,
      },
    ]);
    aDayPasses();
    await Promise.resolve();
    expect(reported).toHaveLength(1);
  });

  it('words a problem without a version', () => {
    expect(updateProblem(new Error('HttpError: 404'), { url: URL, currentVersion: '1.2.0' }).detail).toBe(
      `The update server at ${URL} could not be used for the update: HttpError: 404. Nothing was installed; Copydesk stays at version 1.2.0. Copydesk tries again tomorrow, or when the address is changed in Preferences.`,
    );
  });
});

describe('the update address', () => {
  it('accepts https, and http only for this computer; empty turns updates off', () => {
    expect(UpdateSettings.parse({ url: ' https://updates.example.org/copydesk ' })).toEqual({
      url: 'https://updates.example.org/copydesk',
    });
    expect(UpdateSettings.parse({ url: 'http://127.0.0.1:8080/' })).toEqual({ url: 'http://127.0.0.1:8080/' });
    expect(UpdateSettings.parse({ url: '' })).toEqual({ url: null });
    const problem = (url: string): string | undefined => UpdateSettings.safeParse({ url }).error?.issues[0]?.message;
    expect(problem('http://updates.example.org/')).toMatch(
      /^The update address http:\/\/updates\.example\.org is plain http:\/\//,
    );
    expect(problem('ftp://updates.example.org/')).toBe('The update address must start with https://, not ftp://');
    expect(problem('updates.example.org')).toMatch(/is not an address/);
    // A stored value the app can no longer use counts as off.
    expect(readUpdateSettings({ url: 'http://evil.example/' })).toEqual({ url: null });
    expect(readUpdateSettings('nonsense')).toEqual({ url: null });
  });
});
