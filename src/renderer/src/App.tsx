import { useEffect } from 'react';
import { DraftEditor } from './editor/DraftEditor';
import { LibraryPane } from './library/LibraryPane';
import { useLibrary } from './library/libraryStore';
import { Notices } from './shell/Notices';

export function App() {
  const selectedId = useLibrary((s) => s.selectedId);
  const createDraft = useLibrary((s) => s.createDraft);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        void createDraft();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [createDraft]);

  return (
    <div className="cd-app">
      <LibraryPane />
      <main className="cd-main">
        {selectedId ? (
          <DraftEditor key={selectedId} id={selectedId} />
        ) : (
          <div className="cd-empty cd-empty-main">
            <p>Open a piece from the library, or start a new one.</p>
            <p className="cd-hint">Ctrl+N starts a new draft.</p>
          </div>
        )}
      </main>
      <Notices />
    </div>
  );
}
