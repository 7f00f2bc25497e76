import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { SPELLING_NOTES, spellCheckerOf } from '../../../common/preferences';
import { messageOf } from '../api';
import { useCommandUi } from '../palette/commandUi';
import { currentPlatform } from '../palette/platform';
import { ScreenStatus } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { usePreferences } from './preferencesStore';
import './preferences.css';

const SPELLING_NOTE = SPELLING_NOTES[spellCheckerOf(currentPlatform())];

/** The elements Tab may reach inside the dialog, in order. */
function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('button, input, a[href]')].filter(
    (element) => !element.hasAttribute('disabled'),
  );
}

/**
 * Preferences (Ctrl/Cmd+,): where updates come from, notifications when
 * work ends in the background, and which checker marks spelling. Kept as
 * settings in the library's database; main acts on them when saved.
 */
export function PreferencesDialog() {
  const close = useCommandUi((s) => s.close);
  const updates = usePreferences((s) => s.updates);
  const notifications = usePreferences((s) => s.notifications);
  const dialog = useRef<HTMLDivElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const update = useAsyncAction();
  const notify = useAsyncAction();

  useEffect(() => {
    usePreferences
      .getState()
      .load()
      .catch((err: unknown) => setLoadError(`The preferences could not be loaded: ${messageOf(err)}`));
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab' && dialog.current) {
      // The focus stays in the dialog: past the last stop it comes back to the first.
      const stops = focusables(dialog.current);
      const at = stops.indexOf(document.activeElement as HTMLElement);
      const next = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : at === stops.length - 1 ? 0 : at + 1;
      event.preventDefault();
      stops[next]?.focus();
    }
  };

  const saveUpdates = (event: FormEvent): void => {
    event.preventDefault();
    void update.run(async () => {
      const saved = await usePreferences.getState().saveUpdates(url ?? updates?.url ?? '');
      setUrl(null);
      setStatus(
        saved.url === null
          ? 'Updates are off: Copydesk does not look for new versions.'
          : `Saved. Copydesk looks for updates at ${saved.url} now and once a day.`,
      );
    });
  };

  const toggleNotifications = (inBackground: boolean): void => {
    void notify.run(async () => {
      await usePreferences.getState().saveNotifications({ inBackground });
      setStatus(inBackground ? 'Notifications are on.' : 'Notifications are off.');
    });
  };

  return (
    <div className="cd-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={dialog}
        className="cd-modal cd-preferences"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cd-preferences-title"
        onKeyDown={onKeyDown}
      >
        <div className="cd-modal-head">
          <h2 id="cd-preferences-title">Preferences</h2>
          <button type="button" className="cd-small-button" onClick={close}>
            Close
          </button>
        </div>

        <section aria-labelledby="cd-preferences-updates">
          <h3 id="cd-preferences-updates">Updates</h3>
          <form onSubmit={saveUpdates} className="cd-preferences-row" noValidate>
            <label htmlFor="cd-update-url">Update address</label>
            <input
              id="cd-update-url"
              type="url"
              autoFocus
              placeholder="https://updates.example.org/copydesk/"
              aria-describedby="cd-update-url-help"
              value={url ?? updates?.url ?? ''}
              onChange={(e) => setUrl(e.target.value)}
            />
            <button type="submit" className="cd-small-button" disabled={update.busy || updates === null}>
              Save
            </button>
          </form>
          <p id="cd-update-url-help" className="cd-help">
            The folder where your newsroom puts Copydesk&rsquo;s installers and their latest.yml. Copydesk looks there
            when it starts and once a day, downloads a new version in the background, checks it against its published
            checksum, and asks before installing it as it quits. Empty: updates are off.
          </p>
        </section>

        <section aria-labelledby="cd-preferences-notifications">
          <h3 id="cd-preferences-notifications">Notifications</h3>
          <label className="cd-preferences-check">
            <input
              type="checkbox"
              checked={notifications?.inBackground ?? false}
              disabled={notifications === null}
              onChange={(e) => toggleNotifications(e.target.checked)}
            />
            Tell me when an export or a publish finishes while Copydesk is in the background
          </label>
        </section>

        <section aria-labelledby="cd-preferences-spelling">
          <h3 id="cd-preferences-spelling">Spelling</h3>
          <p className="cd-help">{SPELLING_NOTE}</p>
        </section>

        <ScreenStatus status={status} error={loadError ?? update.error ?? notify.error} />
      </div>
    </div>
  );
}
