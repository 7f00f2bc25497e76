import type { AppEvent } from '../../common/api';
import type { NotificationSettings } from '../../common/preferences';

/**
 * System notifications for long work that ends while Copydesk is not in
 * front: a folder export, a publish done or failed. Opt-in (Preferences);
 * decided here from the events main already sends the window, shown by
 * index.ts with Electron's Notification.
 */

export interface Notice {
  title: string;
  body: string;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What a finished piece of work says, or null for an event that is not an ending. */
export function finishedWorkNotice(event: AppEvent): Notice | null {
  if (event.type === 'export.progress') {
    if (event.total === 0 || event.done < event.total) return null;
    return { title: 'Export finished', body: `${plural(event.total, 'piece', 'pieces')} exported to the folder.` };
  }
  if (event.type === 'publish.progress') {
    const { job } = event;
    if (job.state === 'done') {
      return { title: 'Published', body: `To ${job.targetName}${job.url ? `: ${job.url}` : '.'}` };
    }
    if (job.state === 'failed') {
      return {
        title: 'Publish failed',
        body: `To ${job.targetName}: ${job.lastError ?? 'it stopped'}. Open Copydesk to see why.`,
      };
    }
  }
  return null;
}

export interface BackgroundNoticeDeps {
  settings(): NotificationSettings;
  /** The window is focused (the writer sees the progress already). */
  windowInFront(): boolean;
  /** The system can show notifications at all. */
  supported: boolean;
  show(notice: Notice): void;
}

/** Hears every event main sends the window and announces each ending once, when opted in and in the background. */
export class BackgroundNotices {
  /** A job's ending can be told again as the window reloads its state; one notice per ending. */
  private readonly told = new Set<string>();

  constructor(private readonly deps: BackgroundNoticeDeps) {}

  hear(event: AppEvent): void {
    const notice = finishedWorkNotice(event);
    if (!notice) return;
    const key =
      event.type === 'publish.progress'
        ? `publish:${event.job.id}:${event.job.state}`
        : `${event.type}:${'jobId' in event ? event.jobId : ''}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    if (!this.deps.supported || !this.deps.settings().inBackground || this.deps.windowInFront()) return;
    this.deps.show(notice);
  }
}
