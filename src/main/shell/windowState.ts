import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the window was and how big, so it opens again where the writer left it. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1320, height: 860, maximized: false };

export function windowStatePath(dataDir: string): string {
  return join(dataDir, 'window-state.json');
}

export function loadWindowState(dataDir: string): WindowState {
  try {
    const parsed = JSON.parse(readFileSync(windowStatePath(dataDir), 'utf8')) as Partial<WindowState>;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
    if (!ok(parsed.width) || !ok(parsed.height) || parsed.width < 400 || parsed.height < 300) return DEFAULT_STATE;
    return {
      width: parsed.width,
      height: parsed.height,
      maximized: parsed.maximized === true,
      ...(ok(parsed.x) && ok(parsed.y) ? { x: parsed.x, y: parsed.y } : {}),
    };
  } catch {
    return DEFAULT_STATE;
  }
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  try {
    writeFileSync(windowStatePath(dataDir), JSON.stringify(state));
  } catch {
    // Losing the window position is not worth interrupting a quit for.
  }
}
