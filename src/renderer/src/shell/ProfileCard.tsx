import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ROLES, type Role } from '../../../common/domain';
import { useLibrary } from '../library/libraryStore';
import { isShared, useNewsroom } from '../newsroom/newsroomStore';
import { useTeamDesk } from '../newsroom/teamDeskStore';
import { useAsyncAction } from './useAsyncAction';
import { useShell } from './shellStore';

/** What Tab may reach inside the dialog. */
const FOCUSABLE =
  'input:not([disabled]), button:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Who is working: asked in a modal dialog on first start, and changeable
 * later from the profile control in the top bar. The name signs status
 * changes and review notes.
 */
export function ProfileCard() {
  const { profile, profileLoaded, loadProfile, saveProfile } = useShell();
  const [editing, setEditing] = useState(false);
  // The app works without a name (signatures are just empty), so, as Word and Git clients do, Escape or "Not now" puts the question off instead of holding the desk hostage.
  const [putOff, setPutOff] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('writer');
  const { error, setError, run } = useAsyncAction();
  const dialog = useRef<HTMLFormElement>(null);
  const control = useRef<HTMLButtonElement>(null);
  const open = editing || (profileLoaded && profile === null && !putOff);
  // With a shared piece open, the role that counts is the one the desk's server gave: it is shown, and the local switch is not.
  const selectedId = useLibrary((s) => s.selectedId);
  const writing = useShell((s) => s.view === 'write');
  const shared = useNewsroom((s) => writing && selectedId !== null && isShared(s.status, selectedId));
  const desk = useTeamDesk((s) => s.board);

  useEffect(() => {
    void loadProfile();
  }, [loadProfile]);

  useEffect(() => {
    if (open) dialog.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [open]);

  if (!profileLoaded) return null;
  if (shared && desk && !open) {
    return (
      <div className="cd-profile">
        <span>
          {desk.user} · {desk.role.charAt(0).toUpperCase() + desk.role.slice(1)} on the desk
        </span>
      </div>
    );
  }
  const start = (): void => {
    setName(profile?.name ?? '');
    setRole(profile?.role ?? 'writer');
    setError(null);
    setEditing(true);
  };
  const close = (): void => {
    setEditing(false);
    setPutOff(true);
    setError(null);
    // Back to the control that brings the dialog again, once it is rendered.
    requestAnimationFrame(() => control.current?.focus());
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    await run(async () => {
      await saveProfile({ name: name.trim(), role });
      close();
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab' && dialog.current) {
      // The focus stays in the dialog: Tab from the last control goes to the first, Shift+Tab from the first to the last.
      const stops = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
      );
      const first = stops[0];
      const last = stops.at(-1);
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <>
      <div className="cd-profile">
        {profile && (
          <span>
            {profile.name} · {profile.role === 'editor' ? 'Editor' : 'Writer'}
          </span>
        )}
        <button ref={control} type="button" className="cd-link-button" onClick={start}>
          {profile ? 'Change' : 'Who is working?'}
        </button>
      </div>
      {open && (
        <div className="cd-modal-backdrop">
          <form
            ref={dialog}
            className="cd-modal cd-profile-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="cd-profile-heading"
            aria-describedby="cd-profile-help"
            onSubmit={(e) => void submit(e)}
            onKeyDown={onKeyDown}
          >
            <h2 id="cd-profile-heading">Who is working?</h2>
            <p id="cd-profile-help" className="cd-help">
              {profile ? 'Change who is working at this desk.' : 'Your name signs status changes and review notes.'}
            </p>
            <label className="cd-field">
              <span className="cd-label">Your name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} required />
            </label>
            <fieldset className="cd-roles">
              <legend className="cd-label">Role</legend>
              {ROLES.map((r) => (
                <label key={r}>
                  <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />{' '}
                  {r === 'editor' ? 'Editor' : 'Writer'}
                </label>
              ))}
            </fieldset>
            {error && (
              <p role="alert" className="cd-help is-error">
                {error}
              </p>
            )}
            <div className="cd-link-actions">
              <button type="submit" className="cd-small-button">
                Save
              </button>
              <button type="button" className="cd-small-button" onClick={close}>
                {profile ? 'Cancel' : 'Not now'}
              </button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}
