import { describe, expect, it } from 'vitest';
import { DROP_CHANNEL } from '../../src/common/ipcChannels';
import { listenForDrops } from '../../src/main/shell/drops';
import { TestClock } from '../support/store';

/**
 * The main side of a drop: what the preload reports from the app's window
 * is granted once, just after the drop. Electron's binary is not installed
 * here, so a stand-in with ipcMain's handle/removeHandler carries the channel.
 */

const window = { id: 'the app window' };
const other = { id: 'another frame' };

type Handler = (event: { sender: object }, payload: unknown) => void;

function setUp() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const clock = new TestClock();
  const drops = listenForDrops(
    ipcMain as unknown as Parameters<typeof listenForDrops>[0],
    (event) => (event.sender as unknown) === window,
    clock.now,
  );
  const drop = (from: object, paths: unknown): void => handlers.get(DROP_CHANNEL)!({ sender: from }, paths);
  return { handlers, clock, drops, drop };
}

describe('files dropped on the window', () => {
  it('are handed out once, only from the app window, only full paths, and only just after the drop', () => {
    const { clock, drops, drop } = setUp();
    drop(window, ['/home/writer/story.md', '/home/writer/notes.md']);
    expect(drops.take()).toEqual(['/home/writer/story.md', '/home/writer/notes.md']);
    expect(drops.take()).toEqual([]);

    drop(other, ['/etc/passwd']);
    expect(drops.take()).toEqual([]);

    drop(window, ['relative/story.md']);
    expect(drops.take()).toEqual([]);
    drop(window, '/etc/passwd');
    expect(drops.take()).toEqual([]);

    drop(window, ['/home/writer/story.md']);
    clock.advance(10_001);
    expect(drops.take()).toEqual([]);
  });

  it('stops listening when asked', () => {
    const { handlers, drops } = setUp();
    drops.stop();
    expect(handlers.has(DROP_CHANNEL)).toBe(false);
  });
});

describe('files the system opened with Copydesk', () => {
  it('are handed out like a drop, once the shell offers them, once and only just after', () => {
    const { clock, drops } = setUp();
    drops.offer(['/home/writer/story.md']);
    expect(drops.take()).toEqual(['/home/writer/story.md']);
    expect(drops.take()).toEqual([]);
    drops.offer(['/home/writer/story.md']);
    clock.advance(10_001);
    expect(drops.take()).toEqual([]);
  });
});
