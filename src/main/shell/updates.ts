import type { UpdateSettings } from '../../common/preferences';

/**
 * Updates from the newsroom's own server, decided here and wired to
 * electron-updater's `autoUpdater` in index.ts. Off until an address is set
 * in Preferences; then checked at start and once a day, downloaded in the
 * background, and installed as Copydesk quits if the writer agrees.
 * electron-updater checks every download against the sha512 in latest.yml
 * (and on Windows the installer's signature) and refuses one that does not
 * match; this module says so in words.
 */

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

/** What of electron-updater's AppUpdater is used: its feed, its two switches, its check, its events. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

export type UpdateState =
  | { state: 'off' }
  | { state: 'idle'; url: string }
  | { state: 'downloading'; url: string; version: string }
  | { state: 'ready'; url: string; version: string };

export interface UpdateQuestion {
  message: string;
  detail: string;
  buttons: [string, string];
}

/** A refusal or a failure the writer is told about (the log has every one). */
export interface UpdateProblem {
  message: string;
  detail: string;
}

export interface UpdatesDeps {
  updater: Updater;
  currentVersion: string;
  /** Runs `check` every `ms`; answers a way to stop. */
  every(ms: number, check: () => void): () => void;
  /** Shown to the writer (a dialog). */
  report(problem: UpdateProblem): void;
  log(line: string): void;
}

/** electron-updater's codes for a download it refused because it is not what was published. */
const REFUSED_CODES = new Set(['ERR_CHECKSUM_MISMATCH', 'ERR_UPDATER_INVALID_SIGNATURE']);

function isRefusal(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && REFUSED_CODES.has(code)) ||
    /checksum mismatch|not signed by the application owner|code signature|did not pass validation/i.test(error.message)
  );
}

/** An updater error in words: what happened, and that nothing was installed. */
export function updateProblem(
  error: Error,
  context: { url: string; currentVersion: string; version?: string },
): UpdateProblem {
  const which = context.version ? `the update to Copydesk ${context.version}` : 'the update';
  const stays = `Nothing was installed; Copydesk stays at version ${context.currentVersion}.`;
  if (isRefusal(error)) {
    const why = /signed|signature/i.test(error.message)
      ? 'its signature is not the one Copydesk was published with'
      : 'the downloaded file does not match the checksum published with it in latest.yml';
    return {
      message: `Copydesk refused ${which}`,
      detail: `${why.charAt(0).toUpperCase()}${why.slice(1)}, so it was damaged on the way or changed by someone. ${stays} Tell whoever runs the update server at ${context.url}.\n\n(${error.message})`,
    };
  }
  return {
    message: `Copydesk could not check for updates`,
    detail: `The update server at ${context.url} could not be used for ${which}: ${error.message}. ${stays} Copydesk tries again tomorrow, or when the address is changed in Preferences.`,
  };
}

export class Updates {
  private current: UpdateState = { state: 'off' };
  private stopChecks: () => void = () => undefined;
  /** A check the writer started by saving the address: its failure is shown, not only logged. */
  private askedByWriter = false;

  constructor(private readonly deps: UpdatesDeps) {
    const { updater } = deps;
    updater.autoDownload = true;
    // electron-updater registers its install-at-quit only if this is true when a download ends; each quit then
    // sets it from the writer's answer (answerAtQuit), so nothing installs that was not agreed to.
    updater.autoInstallOnAppQuit = true;
    updater.on('update-available', ({ version }) => {
      if (this.current.state === 'off') return;
      this.current = { state: 'downloading', url: this.current.url, version };
      deps.log(`Update: Copydesk ${version} is available at ${this.current.url}; downloading it.`);
    });
    updater.on('update-downloaded', ({ version }) => {
      if (this.current.state === 'off') return;
      this.current = { state: 'ready', url: this.current.url, version };
      deps.log(`Update: Copydesk ${version} is downloaded and checked; it installs at quit if the writer agrees.`);
    });
    updater.on('error', (error) => this.failed(error));
  }

  state(): UpdateState {
    return this.current;
  }

  /**
   * Follows the setting: off stops checking; an address checks now and
   * daily. `byWriter` when the writer just saved it in Preferences.
   */
  configure(settings: UpdateSettings, byWriter = false): void {
    this.stopChecks();
    this.stopChecks = () => undefined;
    if (settings.url === null) {
      this.current = { state: 'off' };
      return;
    }
    const url = settings.url;
    if (this.current.state === 'off' || this.current.url !== url) this.current = { state: 'idle', url };
    this.deps.updater.setFeedURL({ provider: 'generic', url });
    this.askedByWriter = byWriter;
    this.check();
    this.stopChecks = this.deps.every(CHECK_EVERY_MS, () => this.check());
  }

  /** The question to ask as Copydesk quits, or null when no update is waiting. */
  questionAtQuit(): UpdateQuestion | null {
    if (this.current.state !== 'ready') return null;
    return {
      message: `Install Copydesk ${this.current.version} now?`,
      detail: `It has been downloaded and checked. Installing takes a moment after Copydesk closes; your work is saved first. You are on version ${this.deps.currentVersion}.`,
      buttons: ['Install and quit', 'Quit without installing'],
    };
  }

  /** Called at every quit, asked or not (false then): electron-updater installs on quit only when agreed. */
  answerAtQuit(install: boolean): void {
    this.deps.updater.autoInstallOnAppQuit = install && this.current.state === 'ready';
    if (this.current.state === 'ready') {
      this.deps.log(`Update: Copydesk ${this.current.version} ${install ? 'installs as Copydesk quits' : 'waits'}.`);
    }
  }

  private check(): void {
    if (this.current.state === 'off' || this.current.state === 'ready') return;
    // electron-updater emits a failed check as 'error' too (handled there) before rejecting with it.
    void this.deps.updater.checkForUpdates().catch(() => undefined);
  }

  private failed(error: Error): void {
    if (this.current.state === 'off') return;
    const version = this.current.state === 'downloading' ? this.current.version : undefined;
    const problem = updateProblem(error, { url: this.current.url, currentVersion: this.deps.currentVersion, version });
    this.deps.log(`Update: ${problem.message}. ${problem.detail}`);
    // A refused download is always told; a server out of reach only when the writer just set its address.
    if (isRefusal(error) || this.askedByWriter) this.deps.report(problem);
    this.askedByWriter = false;
    this.current = { state: 'idle', url: this.current.url };
  }
}
