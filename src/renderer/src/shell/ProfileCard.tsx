import { useEffect, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../common/domain';
import { messageOf } from '../api';
import { useShell } from './shellStore';

/**
 * Who is working: asked once on first start, in a strip across the top
 * that pushes the desk down rather than covering it, and changeable later. The name signs status changes and review notes.
 */
export function ProfileCard() {
  const { profile, profileLoaded, loadProfile, saveProfile } = useShell();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('writer');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadProfile();
  }, [loadProfile]);

  if (!profileLoaded) return null;
  const open = editing || profile === null;
  const start = (): void => {
    setName(profile?.name ?? '');
    setRole(profile?.role ?? 'writer');
    setEditing(true);
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      await saveProfile({ name: name.trim(), role });
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  if (!open) {
    return (
      <div className="cd-profile">
        <span>
          {profile.name} · {profile.role === 'editor' ? 'Editor' : 'Writer'}
        </span>
        <button type="button" className="cd-link-button" onClick={start}>
          Change
        </button>
      </div>
    );
  }
  return (
    <form className="cd-profile-form" onSubmit={(e) => void submit(e)} aria-labelledby="cd-profile-heading">
      <h2 id="cd-profile-heading">Who is working?</h2>
      <p className="cd-help">{profile ? 'Change who is working at this desk.' : 'Your name signs status changes and review notes.'}</p>
      <label className="cd-field">
        <span className="cd-label">Your name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <fieldset className="cd-roles">
        <legend className="cd-label">Role</legend>
        {ROLES.map((r) => (
          <label key={r}>
            <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} /> {r === 'editor' ? 'Editor' : 'Writer'}
          </label>
        ))}
      </fieldset>
      {error && <p role="alert" className="cd-help is-error">{error}</p>}
      <div className="cd-link-actions">
        <button type="submit" className="cd-small-button">
          Save
        </button>
        {profile && (
          <button type="button" className="cd-small-button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
