import { useEffect } from 'react';
import { api } from './api';
import { DeskNotices } from './newsroom/DeskNotices';
import { NewsroomScreen } from './newsroom/NewsroomScreen';
import { DeskView } from './desk/DeskView';
import { DraftEditor } from './editor/DraftEditor';
import { useExchange } from './exchange/exchangeStore';
import { LibraryPane } from './library/LibraryPane';
import { useLibrary } from './library/libraryStore';
import { AppNav } from './shell/AppNav';
import { Notices } from './shell/Notices';
import { ProfileCard } from './shell/ProfileCard';
import { useShell } from './shell/shellStore';
import { PublishDialog } from './publish/PublishDialog';
import { usePublish } from './publish/publishStore';
import { TargetsScreen } from './publish/TargetsScreen';
import { CheckRulesScreen } from './settings/CheckRulesScreen';
import { TagsScreen } from './tags/TagsScreen';

function WritingDesk() {
  const selectedId = useLibrary((s) => s.selectedId);
  const publishing = usePublish((s) => s.dialogOpen);
  return (
    <>
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
      {publishing && selectedId && <PublishDialog />}
    </>
  );
}

export function App() {
  const createDraft = useLibrary((s) => s.createDraft);
  const view = useShell((s) => s.view);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        useShell.getState().setView('write');
        void createDraft();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [createDraft]);

  // Commands from the menu bar and the system (src/common/commands.ts); the others are not carried out by the window yet.
  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type !== 'app.command') return;
        if (event.command === 'file.newDraft') {
          useShell.getState().setView('write');
          void createDraft();
        } else if (event.command === 'file.importOpened') {
          void useExchange.getState().importDropped();
        }
      }),
    [createDraft],
  );

  return (
    <div className="cd-shell">
      <DeskNotices />
      <header className="cd-topbar">
        <AppNav />
        <ProfileCard />
      </header>
      <div className={`cd-app is-${view}`}>
        {view === 'write' && <WritingDesk />}
        {view === 'desk' && <DeskView />}
        {view === 'newsroom' && <NewsroomScreen />}
        {view === 'tags' && <TagsScreen />}
        {view === 'targets' && <TargetsScreen />}
        {view === 'settings' && <CheckRulesScreen />}
      </div>
      <Notices />
    </div>
  );
}
