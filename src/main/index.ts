import log from 'electron-log/main';
import {
  app,
  BrowserWindow,
  crashReporter,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_CHANNEL } from '../common/ipcChannels';
import type { ApiHandlers, AppEvent, ShellHandlers } from '../common/api';
import { AppError } from '../common/errors';
import {
  NOTIFICATIONS_SETTING,
  readNotificationSettings,
  readUpdateSettings,
  UPDATES_SETTING,
} from '../common/preferences';
import { restoreBackup } from './db/backup';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appResponse } from './shell/appScheme';
import { startUpdates } from './shell/autoUpdate';
import { gpuGoneQuestion, rendererGoneQuestion, type CrashQuestion } from './shell/crashes';
import { listenForDrops } from './shell/drops';
import { registerIpc } from './shell/ipc';
import { configureLog } from './shell/log';
import { installApplicationMenu } from './shell/menu';
import { BackgroundNotices } from './shell/notifications';
import { gatherProblemReport } from './shell/problemReport';
import { guardQuit } from './shell/quitGuard';
import { fileArguments, filesToOpen, importQuestion, OpenRequests, type OpenedFiles } from './shell/openFiles';
import { SafeStorageSecretStore } from './shell/safeStorageSecrets';
import { createMainWindow, lockDownSession } from './shell/window';
import { imagePath } from './services/images';
import { databasePathIn, startStore, type RunningStore } from './store';

/**
 * The Electron shell: one window, the store, the IPC wiring, and a careful
 * shutdown that waits for the renderer's pending saves. Everything a writer
 * does is a service in ./services; this file only connects them.
 */

configureLog(log);
// Crash dumps stay on this computer (app.getPath('crashDumps')); Help › Report a problem gathers them with the log.
crashReporter.start({ uploadToServer: false });

const FLUSH_TIMEOUT_MS = 5_000;
const IMAGE_SCHEME = 'copydesk-image';

// Stored images are served to the window by their hash, never by a path; the window itself from app://copydesk/.
protocol.registerSchemesAsPrivileged([
  { scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

/** Files the system asks us to open; macOS sends `open-file` before `ready`, so this listens from the start. */
const openRequests = new OpenRequests();
openRequests.add(filesToOpen(fileArguments(process.argv, app.isPackaged), process.cwd()));
app.on('open-file', (event, path) => {
  event.preventDefault();
  openRequests.add(filesToOpen([path], process.cwd()));
});

/** Publish progress goes to the window once there is one. */
let emitEvent: (event: AppEvent) => void = () => undefined;

async function openStoreOrExplain(dbPath: string): Promise<RunningStore | null> {
  for (;;) {
    try {
      return await startStore({
        dbPath,
        dailyBackup: true,
        publish: {
          secrets: new SafeStorageSecretStore(join(dirname(dbPath), 'publish-secrets.json')),
          onEvent: (event) => emitEvent(event),
        },
        onEvent: (event) => emitEvent(event),
        // The app keeps one live connection to the desk it joined; offline it waits and reconnects.
        deskLive: true,
        // Work after a save (settling the edit journal, the daily backup, the search upkeep) that fails leaves the data as it was; say so in the log.
        onBackgroundProblem: (error) => log.error(`Background work failed: ${error.message}`),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const backup = err instanceof AppError ? err.fields?.backup : undefined;
      if (backup) {
        const { response } = await dialog.showMessageBox({
          type: 'error',
          title: 'Copydesk cannot open its database',
          message: 'Copydesk cannot open its database',
          detail: `${message}\n\nRestoring keeps the damaged file beside it, renamed, so nothing is deleted.`,
          buttons: ['Restore the newest backup', 'Quit'],
          defaultId: 0,
          cancelId: 1,
        });
        if (response === 0) {
          await restoreBackup(dbPath, backup, Date.now());
          continue;
        }
      } else {
        dialog.showErrorBox('Copydesk cannot open its database', message);
      }
      return null;
    }
  }
}

async function main(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const store = await openStoreOrExplain(databasePathIn(dataDir));
  if (!store) {
    app.exit(1);
    return;
  }

  const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
  const rendererDir = join(__dirname, '../renderer');
  let window: BrowserWindow | null = null;
  let nextFlush = 1;
  const pendingFlushes = new Map<number, () => void>();

  const showWindow = (): void => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const readSetting = async (key: string): Promise<unknown> => (await store.handlers['settings.get']({ key })).value;
  let notificationSettings = readNotificationSettings(await readSetting(NOTIFICATIONS_SETTING));
  // Finished exports and publishes are announced by the system while the window is in the background, if chosen.
  const notices = new BackgroundNotices({
    settings: () => notificationSettings,
    windowInFront: () => window !== null && !window.isDestroyed() && window.isFocused(),
    supported: Notification.isSupported(),
    show: ({ title, body }) => {
      const notification = new Notification({ title, body });
      notification.on('click', showWindow);
      notification.show();
    },
  });
  const send = (event: AppEvent): void => {
    notices.hear(event);
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  };
  emitEvent = send;
  // Publishes that were waiting for the network, or cut short by a quit, go out now and on a timer.
  const stopOutbox = store.outbox.startScheduler();
  void store.outbox.resumeDue().catch(() => undefined);

  /** Asks the renderer to save what it has and waits for its answer, or gives up after a while. */
  const flushRenderer = (): Promise<void> =>
    new Promise((resolve) => {
      if (!window || window.isDestroyed()) return resolve();
      const requestId = nextFlush++;
      const timer = setTimeout(() => {
        pendingFlushes.delete(requestId);
        resolve();
      }, FLUSH_TIMEOUT_MS);
      pendingFlushes.set(requestId, () => {
        clearTimeout(timer);
        resolve();
      });
      send({ type: 'app.flush-requested', requestId });
    });

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean =>
    window !== null &&
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    event.senderFrame === window.webContents.mainFrame;
  const drops = listenForDrops(ipcMain, isTrustedSender);

  let applicationMenu: ReturnType<typeof installApplicationMenu> | null = null;
  const shellHandlers: ShellHandlers = {
    'app.info': async () => ({
      version: app.getVersion(),
      dataDir,
      databasePath: store.ctx.db.path,
      shell: 'electron',
    }),
    // Each path a dialog answers becomes a grant: the window gets the grant (and the path to show), never the power to name one.
    'app.chooseFolder': async ({ title }) => {
      const options = {
        title,
        properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      const path = result.canceled ? undefined : result.filePaths[0];
      return { chosen: path ? store.grants.issue('folder', path) : null };
    },
    'app.chooseFiles': async ({ title, extensions }) => {
      const options = {
        title,
        properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
        filters: [{ name: 'Documents', extensions }],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return { chosen: result.canceled ? [] : result.filePaths.map((path) => store.grants.issue('open-files', path)) };
    },
    'app.chooseSaveFile': async ({ title, defaultName, extensions }) => {
      const options = {
        title,
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: [{ name: 'Documents', extensions }],
      };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return { chosen: result.canceled || !result.filePath ? null : store.grants.issue('save-file', result.filePath) };
    },
    'app.takeDropped': async () => ({ chosen: drops.take().map((path) => store.grants.issue('open-files', path)) }),
    'app.pieceOpen': async ({ open }) => {
      applicationMenu?.setPieceOpen(open);
      return { open };
    },
    'app.flushed': async ({ requestId }) => {
      pendingFlushes.get(requestId)?.();
      pendingFlushes.delete(requestId);
      return { requestId };
    },
  };

  /** A message box, over the window when there is one. */
  const showMessage = (options: Electron.MessageBoxOptions): Promise<Electron.MessageBoxReturnValue> =>
    window && !window.isDestroyed() ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);

  const updates = startUpdates({
    currentVersion: app.getVersion(),
    log,
    report: (problem) => void showMessage({ type: 'warning', ...problem }),
  });
  updates.configure(readUpdateSettings(await readSetting(UPDATES_SETTING)));

  // Main follows the preferences it acts on as soon as they are saved.
  const saveSetting: ApiHandlers['settings.set'] = async (input) => {
    const saved = await store.handlers['settings.set'](input);
    if (saved.key === UPDATES_SETTING) updates.configure(readUpdateSettings(saved.value), true);
    if (saved.key === NOTIFICATIONS_SETTING) notificationSettings = readNotificationSettings(saved.value);
    return saved;
  };

  registerIpc(ipcMain, { ...store.handlers, ...shellHandlers, 'settings.set': saveSetting }, isTrustedSender);

  // The piece's commands start disabled; the window says when it opens one (app.pieceOpen).
  applicationMenu = installApplicationMenu(
    Menu,
    {
      platform: process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux',
      pieceOpen: false,
      devTools: !app.isPackaged,
    },
    {
      toWindow: (command) => send({ type: 'app.command', command }),
      inMain: {
        'help.openDataFolder': () => void shell.openPath(dataDir),
        'help.reportProblem': () => void reportProblem(),
      },
    },
  );

  /** Help › Report a problem: a new folder with the log and the crash dumps, opened for the writer to send. */
  const reportProblem = async (): Promise<void> => {
    const logDir = dirname(log.transports.file.getFile().path);
    try {
      const report = await gatherProblemReport({
        logDir,
        crashDumpsDir: app.getPath('crashDumps'),
        reportsDir: join(dataDir, 'problem-reports'),
        now: new Date(),
        about: { version: app.getVersion(), electron: process.versions.electron, platform: process.platform },
      });
      await shell.openPath(report.folder);
    } catch (error) {
      log.error('Report a problem: could not gather the report', error);
      await shell.openPath(logDir);
    }
  };

  /** After a crash: offer to reload the window, whose pieces the autosave kept. */
  const offerReload = async (question: CrashQuestion, otherwise: () => void): Promise<void> => {
    const { response } = await showMessage({ type: 'error', ...question, defaultId: 0, cancelId: 1 });
    if (response === 0 && window && !window.isDestroyed()) window.webContents.reload();
    else if (response !== 0) otherwise();
  };
  app.on('child-process-gone', (_event, details) => {
    log.warn(`A ${details.type} process ended: ${details.reason} (exit code ${details.exitCode})`);
    const question = gpuGoneQuestion(details);
    if (question) void offerReload(question, () => undefined);
  });

  protocol.handle(IMAGE_SCHEME, async (request) => {
    const id = new URL(request.url).hostname;
    if (!/^[0-9a-f]{64}$/.test(id)) return new Response('Not an image id', { status: 400 });
    try {
      const record = await store.handlers['images.get']({ id });
      return await net.fetch(pathToFileURL(imagePath(store.ctx.dataDir, id, record.mime)).toString());
    } catch {
      return new Response('No such image', { status: 404 });
    }
  });

  protocol.handle(APP_SCHEME, (request) => appResponse(request, rendererDir));

  const openWindow = (): BrowserWindow => {
    lockDownSession(session.defaultSession, devServerUrl);
    const opened = createMainWindow({
      dataDir,
      devServerUrl,
      preloadPath: join(__dirname, '../preload/index.js'),
    });
    window = opened;
    let flushed = false;
    window.on('close', (event) => {
      if (flushed) return;
      event.preventDefault();
      void flushRenderer().then(() => {
        flushed = true;
        window?.close();
      });
    });
    window.on('closed', () => {
      window = null;
    });
    opened.webContents.on('render-process-gone', (_event, details) => {
      log.error(`The window's page ended: ${details.reason} (exit code ${details.exitCode})`);
      const question = rendererGoneQuestion(details);
      if (question) void offerReload(question, () => app.quit());
    });
    return opened;
  };

  app.on('second-instance', (_event, commandLine, workingDirectory) => {
    openRequests.add(filesToOpen(fileArguments(commandLine, app.isPackaged), workingDirectory));
    if (!window) return void openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  /** Asks before importing what the system opened; agreed files go to the window the way a drop's do. */
  const askToImport = async (opened: OpenedFiles): Promise<void> => {
    const question = importQuestion(opened);
    const options = {
      type: opened.files.length > 0 ? ('question' as const) : ('warning' as const),
      ...question,
      defaultId: 0,
      cancelId: question.buttons.length - 1,
    };
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    if (opened.files.length === 0 || response !== 0) return;
    drops.offer(opened.files);
    send({ type: 'app.command', command: 'file.importOpened' });
  };

  const askToInstallUpdate = async (): Promise<void> => {
    const question = updates.questionAtQuit();
    const install =
      question !== null &&
      (await showMessage({ type: 'question', ...question, defaultId: 0, cancelId: 1 })).response === 0;
    updates.answerAtQuit(install);
  };

  // Enough to hold every publish still waiting: jobs come newest first, and waiting ones are recent.
  const UNSENT_LOOKBACK = 500;
  app.on(
    'before-quit',
    guardQuit({
      unsentJobs: () => store.outbox.listJobs({ limit: UNSENT_LOOKBACK }),
      ask: async (question) => {
        const options = { type: 'warning' as const, ...question, defaultId: 1, cancelId: 1 };
        const quit =
          (window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options)).response === 0;
        // Closing the last window started this quit; staying means opening it again.
        if (!quit && !window) openWindow();
        return quit;
      },
      // Then a downloaded update is offered, and installed as Copydesk quits if the writer agrees.
      quit: () => void askToInstallUpdate().finally(() => app.quit()),
    }),
  );

  let closingStore = false;
  app.on('will-quit', (event) => {
    if (closingStore) return;
    event.preventDefault();
    closingStore = true;
    stopOutbox();
    void flushRenderer()
      .then(() => store.close())
      .finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  // The window must be listening before it is handed files to import.
  openWindow().webContents.once('did-finish-load', () => openRequests.whenReady((opened) => void askToImport(opened)));
}
