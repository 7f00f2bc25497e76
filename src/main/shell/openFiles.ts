import { statSync, type Stats } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canImport } from '../import/importFiles';

/**
 * Files the system asks Copydesk to open: a double-click, "Open with", the
 * dock icon, or `copydesk story.md`. They arrive as command-line arguments
 * (at start, or from a second instance through the single-instance lock)
 * or as macOS `open-file` events; here they become paths the importer can
 * read, and sentences for the ones it cannot.
 */

export interface OpenedFiles {
  files: string[];
  problems: string[];
}

export const NOTHING_OPENED: OpenedFiles = { files: [], problems: [] };

/** The arguments after the program (and, unpackaged, after the app folder Electron was given), without switches. */
export function fileArguments(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2).filter((arg) => !arg.startsWith('-'));
}

type Stat = (path: string) => Pick<Stats, 'isFile'> | undefined;
const statOrNothing: Stat = (path) => statSync(path, { throwIfNoEntry: false });

function onePath(arg: string, cwd: string, stat: Stat): { path: string } | { problem: string } {
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    if (!arg.toLowerCase().startsWith('file:'))
      return { problem: `${arg} is a web address, not a file: Copydesk opens files on this computer.` };
    try {
      path = fileURLToPath(arg);
    } catch {
      return { problem: `${arg} is not a file on this computer, so Copydesk cannot open it.` };
    }
  } else {
    path = resolve(cwd, arg);
  }
  const name = basename(path);
  const found = stat(path);
  if (!found) return { problem: `${name} was not found at ${path}: it may have been moved, renamed or deleted.` };
  if (!found.isFile())
    return { problem: `${name} is a folder, not a file. To bring in a folder of files, use File › Import….` };
  if (!canImport(path))
    return { problem: `${name} cannot be opened: Copydesk opens Markdown (.md) and Word (.docx) files.` };
  return { path };
}

/** Paths (relative ones to the folder the command was run in) and file:// URLs, each checked as the importer will need it. */
export function filesToOpen(args: readonly string[], cwd: string, stat: Stat = statOrNothing): OpenedFiles {
  const opened: OpenedFiles = { files: [], problems: [] };
  for (const arg of args) {
    const result = onePath(arg, cwd, stat);
    if ('problem' in result) opened.problems.push(result.problem);
    else if (!opened.files.includes(result.path)) opened.files.push(result.path);
  }
  return opened;
}

/**
 * Holds what the system asked to open until the app can ask the writer
 * (macOS sends `open-file` before `ready`), then hands each batch on.
 */
export class OpenRequests {
  private waiting: OpenedFiles = NOTHING_OPENED;
  private handler: ((opened: OpenedFiles) => void) | null = null;

  add(opened: OpenedFiles): void {
    if (opened.files.length === 0 && opened.problems.length === 0) return;
    if (this.handler) return this.handler(opened);
    this.waiting = {
      files: [...new Set([...this.waiting.files, ...opened.files])],
      problems: [...this.waiting.problems, ...opened.problems],
    };
  }

  /** From now on every batch goes to the handler, starting with what waited. */
  whenReady(handler: (opened: OpenedFiles) => void): void {
    this.handler = handler;
    const waiting = this.waiting;
    this.waiting = NOTHING_OPENED;
    this.add(waiting);
  }
}

/** What the app asks before importing (a file opened from the system is imported, never edited in place), or tells when nothing can be. */
export function importQuestion(opened: OpenedFiles): { message: string; detail: string; buttons: string[] } {
  const names = opened.files.map((path) => basename(path));
  const problems = opened.problems.length > 0 ? `\n\n${opened.problems.join('\n')}` : '';
  if (names.length === 0)
    return { message: 'Copydesk cannot open this', detail: opened.problems.join('\n'), buttons: ['OK'] };
  const what = names.length === 1 ? names[0]! : `${names.length} files`;
  return {
    message: `Import ${what} into Copydesk?`,
    detail:
      names.length === 1
        ? `The file will be copied into your library as a new draft; the original stays as it is.${problems}`
        : `${names.join(', ')} will be copied into your library as new drafts; the originals stay as they are.${problems}`,
    buttons: ['Import', 'Cancel'],
  };
}
