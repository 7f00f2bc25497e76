import type { MainLogger } from 'electron-log';
import { autoUpdater } from 'electron-updater';
import { Updates, type UpdateProblem } from './updates';

/** electron-updater's autoUpdater under updates.ts's decisions; a check repeats on a plain interval. */
export function startUpdates(options: {
  currentVersion: string;
  log: MainLogger;
  report(problem: UpdateProblem): void;
}): Updates {
  autoUpdater.logger = options.log;
  return new Updates({
    updater: autoUpdater,
    currentVersion: options.currentVersion,
    every: (ms, check) => {
      const timer = setInterval(check, ms);
      return () => clearInterval(timer);
    },
    report: (problem) => options.report(problem),
    log: (line) => options.log.info(line),
  });
}
