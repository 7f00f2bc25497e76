import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  fileArguments,
  filesToOpen,
  importQuestion,
  OpenRequests,
  type OpenedFiles,
} from '../../src/main/shell/openFiles';
import { cleanupAfterEach } from './_cleanup';

/**
 * Files the system asks Copydesk to open (double-click, "Open with", the
 * dock, `copydesk story.md`), checked against real files in a temporary folder.
 */

const cleanup = cleanupAfterEach();

function folderWith(...names: string[]): string {
  const dir = cleanup.folder();
  for (const name of names) writeFileSync(join(dir, name), 'x');
  return dir;
}

describe('the arguments Copydesk was started with', () => {
  it('are those after the program (and, unpackaged, after the app folder), without switches', () => {
    expect(fileArguments(['/opt/Copydesk/copydesk', 'story.md', '--enable-logging', 'b.docx'], true)).toEqual([
      'story.md',
      'b.docx',
    ]);
    expect(
      fileArguments(['/usr/bin/electron', '/home/dev/copydesk', '--user-data-dir=/tmp/x', 'story.md'], false),
    ).toEqual(['story.md']);
    expect(fileArguments(['C:\\Program Files\\Copydesk\\Copydesk.exe'], true)).toEqual([]);
  });
});

describe('files to open', () => {
  it('resolves relative paths against the folder the command ran in, and reads file:// URLs', () => {
    const dir = folderWith('story.md', 'Long read.docx', 'notes.markdown');
    const opened = filesToOpen(
      ['story.md', join(dir, 'Long read.docx'), pathToFileURL(join(dir, 'notes.markdown')).href],
      dir,
    );
    expect(opened).toEqual({
      files: [join(dir, 'story.md'), join(dir, 'Long read.docx'), join(dir, 'notes.markdown')],
      problems: [],
    });
  });

  it('opens a file named twice once', () => {
    const dir = folderWith('story.md');
    expect(filesToOpen(['story.md', `./story.md`, pathToFileURL(join(dir, 'story.md')).href], dir).files).toEqual([
      join(dir, 'story.md'),
    ]);
  });

  it('explains each file it cannot open, and opens the rest', () => {
    const dir = folderWith('story.md', 'photo.png', 'README');
    mkdirSync(join(dir, 'drafts.md'));
    const opened = filesToOpen(
      ['photo.png', 'README', 'gone.md', 'drafts.md', 'https://example.com/story.md', 'story.md'],
      dir,
    );
    expect(opened.files).toEqual([join(dir, 'story.md')]);
    expect(opened.problems).toEqual([
      'photo.png cannot be opened: Copydesk opens Markdown (.md) and Word (.docx) files.',
      'README cannot be opened: Copydesk opens Markdown (.md) and Word (.docx) files.',
      `gone.md was not found at ${join(dir, 'gone.md')}: it may have been moved, renamed or deleted.`,
      'drafts.md is a folder, not a file. To bring in a folder of files, use File › Import….',
      'https://example.com/story.md is a web address, not a file: Copydesk opens files on this computer.',
    ]);
  });

  it('notices a file that vanished between the double-click and the check', () => {
    const dir = folderWith('story.md');
    rmSync(join(dir, 'story.md'));
    expect(filesToOpen([pathToFileURL(join(dir, 'story.md')).href], dir).problems).toEqual([
      `story.md was not found at ${join(dir, 'story.md')}: it may have been moved, renamed or deleted.`,
    ]);
  });

  it.skipIf(process.platform === 'win32')('refuses a file:// URL on another computer', () => {
    expect(filesToOpen(['file://fileserver/share/story.md'], '/').problems).toEqual([
      'file://fileserver/share/story.md is not a file on this computer, so Copydesk cannot open it.',
    ]);
  });
});

describe('what the system asks to open before the window is ready', () => {
  it('waits, merged, and then goes on as each batch comes', () => {
    const requests = new OpenRequests();
    const handled: OpenedFiles[] = [];
    requests.add({ files: ['/a.md'], problems: [] });
    requests.add({ files: ['/a.md', '/b.md'], problems: ['c.png cannot be opened'] });
    requests.add({ files: [], problems: [] });
    expect(handled).toEqual([]);
    requests.whenReady((opened) => handled.push(opened));
    expect(handled).toEqual([{ files: ['/a.md', '/b.md'], problems: ['c.png cannot be opened'] }]);
    requests.add({ files: ['/d.md'], problems: [] });
    requests.add({ files: [], problems: [] });
    expect(handled).toEqual([
      { files: ['/a.md', '/b.md'], problems: ['c.png cannot be opened'] },
      { files: ['/d.md'], problems: [] },
    ]);
  });

  it('does not call the handler when nothing waited', () => {
    const handled: OpenedFiles[] = [];
    new OpenRequests().whenReady((opened) => handled.push(opened));
    expect(handled).toEqual([]);
  });
});

describe('the question before importing', () => {
  it('names the file, says the original is left alone, and lists what could not be opened', () => {
    expect(importQuestion({ files: ['/home/w/story.md'], problems: [] })).toEqual({
      message: 'Import story.md into Copydesk?',
      detail: 'The file will be copied into your library as a new draft; the original stays as it is.',
      buttons: ['Import', 'Cancel'],
    });
    const two = importQuestion({ files: ['/a/one.md', '/b/two.docx'], problems: ['three.png cannot be opened: …'] });
    expect(two.message).toBe('Import 2 files into Copydesk?');
    expect(two.detail).toBe(
      'one.md, two.docx will be copied into your library as new drafts; the originals stay as they are.\n\nthree.png cannot be opened: …',
    );
  });

  it('only tells, with one button, when nothing can be imported', () => {
    expect(importQuestion({ files: [], problems: ['a.png cannot be opened', 'b.md was not found'] })).toEqual({
      message: 'Copydesk cannot open this',
      detail: 'a.png cannot be opened\nb.md was not found',
      buttons: ['OK'],
    });
  });
});
