import { DeskNotices } from './newsroom/DeskNotices';
import { NotificationsButton } from './newsroom/NotificationsButton';
import { TeamDeskSync } from './newsroom/TeamDeskSync';
import { NewsroomScreen } from './newsroom/NewsroomScreen';
import { DeskView } from './desk/DeskView';
import { DraftEditor } from './editor/DraftEditor';
import { useFocusMode } from './focus/focusStore';
import { LibraryPane } from './library/LibraryPane';
import { useLibrary } from './library/libraryStore';
import { CommandLayer } from './palette/CommandLayer';
import { AppNav } from './shell/AppNav';
import { Notices } from './shell/Notices';
import { ProfileCard } from './shell/ProfileCard';
import { useShell } from './shell/shellStore';
import { ReopenLastPiece } from './reopen/ReopenLastPiece';
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
  const view = useShell((s) => s.view);
  const focusMode = useFocusMode((s) => s.on);

  return (
    <div className={`cd-shell${focusMode && view === 'write' ? ' is-focus' : ''}`}>
      <DeskNotices />
      <TeamDeskSync />
      <ReopenLastPiece />
      <header className="cd-topbar">
        <AppNav />
        <div className="cd-topbar-end">
          <NotificationsButton />
          <ProfileCard />
        </div>
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
      {/* The menu bar's commands, the window's keys, the command palette and the shortcuts sheet. */}
      <CommandLayer />
    </div>
  );
}
