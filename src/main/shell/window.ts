import { BrowserWindow, clipboard, Menu, screen, shell, type Session } from 'electron';
import type { AppEvent } from '../../common/api';
import { EVENT_CHANNEL } from '../../common/ipcChannels';
import { APP_ORIGIN, APP_START_URL } from './appScheme';
import { listenForContextMenu } from './contextMenu';
import {
  grantsPermission,
  navigationVerdict,
  windowOpenVerdict,
  windowPreferences,
  withSecurityHeaders,
} from './security';
import { spellcheckPlan } from './spellcheck';
import { loadWindowState, saveWindowState } from './windowState';

export interface MainWindowOptions {
  dataDir: string;
  /** The dev server's URL in `npm run dev`, otherwise null. */
  devServerUrl: string | null;
  preloadPath: string;
}

function onSomeDisplay(x: number, y: number): boolean {
  return screen
    .getAllDisplays()
    .some(({ workArea: a }) => x >= a.x && y >= a.y && x < a.x + a.width && y < a.y + a.height);
}

/** Applies security.ts's decisions to the session (permissions, the CSP header), and spellcheck.ts's. */
export function lockDownSession(session: Session, devServerUrl: string | null): void {
  const spelling = spellcheckPlan(
    process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux',
    APP_ORIGIN,
  );
  session.setSpellCheckerDictionaryDownloadURL(spelling.dictionaryUrl);
  session.setSpellCheckerEnabled(spelling.chromium);
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(grantsPermission(permission)));
  session.setPermissionCheckHandler((_wc, permission) => grantsPermission(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.url, details.responseHeaders, devServerUrl) });
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(options.dataDir);
  const placed = state.x !== undefined && state.y !== undefined && onSomeDisplay(state.x, state.y);
  const window = new BrowserWindow({
    title: 'Copydesk',
    width: state.width,
    height: state.height,
    ...(placed ? { x: state.x, y: state.y } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: '#f7f5f0',
    webPreferences: windowPreferences(options.preloadPath),
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const appOrigin = options.devServerUrl === null ? APP_ORIGIN : new URL(options.devServerUrl).origin;
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenVerdict(url) === 'open-externally') void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    const verdict = navigationVerdict(url, appOrigin);
    if (verdict === 'allow') return;
    event.preventDefault();
    if (verdict === 'open-externally') void shell.openExternal(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  listenForContextMenu(
    contents,
    {
      replaceMisspelling: (word) => contents.replaceMisspelling(word),
      addToDictionary: (word) => contents.session.addWordToSpellCheckerDictionary(word),
      openExternal: (url) => void shell.openExternal(url),
      copyText: (text) => clipboard.writeText(text),
      toWindow: (command) => contents.send(EVENT_CHANNEL, { type: 'app.command', command } satisfies AppEvent),
    },
    (template) => Menu.buildFromTemplate(template).popup({ window }),
  );

  const remember = (): void => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    saveWindowState(options.dataDir, { ...bounds, maximized: window.isMaximized() });
  };
  window.on('close', remember);

  void window.loadURL(options.devServerUrl ?? APP_START_URL);
  return window;
}
