import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { SaveController } from '../editor/saveController';
import { useHistory } from '../history/historyStore';
import { usePieceCommand } from '../palette/usePieceCommand';
import './versions.css';

/**
 * Versions on demand: Ctrl/Cmd+S saves now and keeps a version;
 * Ctrl/Cmd+Shift+S asks for a name first ("sent to legal"). The status bar
 * says "Version saved", and the History panel's list is read again, since
 * a version of an unchanged piece does not move the piece's own version.
 */
export function VersionKeys({ draftId, controller }: { draftId: string; controller: SaveController }) {
  const [editor] = useLexicalComposerContext();
  const [naming, setNaming] = useState<string | null>(null);
  const returnFocus = useRef<Element | null>(null);

  const askName = useCallback((): void => {
    returnFocus.current = document.activeElement;
    setNaming('');
  }, []);
  const saveNow = useCallback(() => keep(controller, draftId, ''), [controller, draftId]);
  // From the menu bar and the command palette.
  usePieceCommand('file.saveVersion', saveNow);
  usePieceCommand('file.saveNamedVersion', askName);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      if (event.shiftKey) askName();
      else void saveNow();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [askName, saveNow]);

  const close = (): void => {
    setNaming(null);
    const back = returnFocus.current;
    // The text gets its caret back where it was, not at the start.
    if (back === editor.getRootElement()) editor.focus();
    else if (back instanceof HTMLElement) requestAnimationFrame(() => back.focus());
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const name = naming?.trim() ?? '';
    close();
    void keep(controller, draftId, name);
  };

  if (naming === null) return null;
  return (
    <div className="cd-modal-backdrop">
      <form
        className="cd-modal cd-version-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cd-version-dialog-title"
        onSubmit={submit}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2 id="cd-version-dialog-title" className="cd-version-dialog-title">
          Name this version
        </h2>
        <label className="cd-field">
          <span className="cd-label">Name for this version</span>
          <input
            autoFocus
            maxLength={200}
            placeholder="e.g. sent to legal"
            value={naming}
            onChange={(e) => setNaming(e.target.value)}
          />
        </label>
        <p className="cd-help">The piece is saved now and this version is kept in History under the name.</p>
        <div className="cd-actions">
          <button type="submit" className="cd-button">
            Save version
          </button>
          <button type="button" className="cd-small-button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

async function keep(controller: SaveController, draftId: string, name: string): Promise<void> {
  await controller.keepVersion(name);
  await useHistory.getState().load(draftId);
}
