import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { HorizontalRulePlugin } from '@lexical/react/LexicalHorizontalRulePlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { TabIndentationPlugin } from '@lexical/react/LexicalTabIndentationPlugin';
import { HISTORY_MERGE_TAG } from 'lexical';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { SavedFields } from '../../../common/api';
import { isWebUrl } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';
import { FieldsPane } from '../fields/FieldsPane';
import { FindBar } from '../find/FindBar';
import { SidePane } from '../fields/SidePane';
import { DRAWER_QUERY } from '../fields/drawer';
import { HistoryPanel, type HistoryPanelProps } from '../history/HistoryPanel';
import { ReviewPanel } from '../review/ReviewPanel';
import { useReview } from '../review/reviewStore';
import { useLibrary } from '../library/libraryStore';
import { EDITOR_NODES, EDITOR_THEME } from './editorConfig';
import { MARKDOWN_SHORTCUTS } from './markdownShortcuts';
import { useOpenDraft } from './openDraftStore';
import { bodySnapshots } from './bodySnapshot';
import { AutosavePlugin } from './plugins/AutosavePlugin';
import { BlockMovePlugin } from './plugins/BlockMovePlugin';
import { CitationPlugin } from './plugins/CitationPlugin';
import { DocumentIndexPlugin } from './plugins/DocumentIndexPlugin';
import { FigureDragPlugin } from './plugins/FigureDragPlugin';
import { FigurePlugin } from './plugins/FigurePlugin';
import { FlushOnLeavePlugin } from './plugins/FlushOnLeavePlugin';
import { LinkEditorPlugin } from './plugins/LinkEditorPlugin';
import { LiveCheckPlugin } from './plugins/LiveCheckPlugin';
import { PasteCleanupPlugin } from './plugins/PasteCleanupPlugin';
import { ReviewMarksPlugin } from './plugins/ReviewMarksPlugin';
import { SlashInserterPlugin } from './plugins/SlashInserterPlugin';
import { WordCountPlugin } from './plugins/WordCountPlugin';
import { SaveController } from './saveController';
import { usePublish } from '../publish/publishStore';
import { ExportMenu } from './ExportMenu';
import { ConflictBanner, createSaveStateStore, SaveStatus, type SaveStateStore } from './SaveStatus';
import { Toolbar } from './Toolbar';
import { VersionKeys } from '../versions/VersionKeys';
import { PieceCommands } from '../palette/PieceCommands';
import { ReloadOnArrival } from '../newsroom/ReloadOnArrival';
import { DeskPresence } from '../newsroom/DeskPresence';
import { SharePiece } from '../newsroom/SharePiece';
import { PreviewPane } from '../preview/PreviewPane';
import { PreviewToggle } from '../preview/PreviewToggle';
import { usePreview } from '../preview/previewStore';
import { IpcProvider } from '../desk/ipcProvider';
import { windowTransport } from '../desk/windowTransport';
import { SharedBodyPlugin } from './plugins/SharedBodyPlugin';
import { SpellingPlugin } from './plugins/SpellingPlugin';
import { SpellingToggle } from '../spelling/SpellingToggle';
import { FocusModePlugin } from '../focus/FocusModePlugin';
import { RememberPlacePlugin } from '../reopen/RememberPlacePlugin';

/** Lets the save controller read the document when, and only when, it saves. */
function BodySource({ controller }: { controller: SaveController }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    controller.attachBody(() => bodySnapshots(editor).text(editor.getEditorState()));
  }, [editor, controller]);
  return null;
}

/**
 * Puts the saved body into the editor once every plugin has registered. Lexical marks every node of a type dirty
 * when a transform for it is registered on a filled editor (the list, link and paste plugins register text and
 * link transforms), which cost a second full reconcile, and every update listener's work, on each open.
 * This is the composer's last child: its effect runs after all the plugins' effects.
 */
function InitialBody({ body }: { body: string }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    if (!editor.getEditorState().isEmpty()) return;
    editor.setEditorState(editor.parseEditorState(body), { tag: HISTORY_MERGE_TAG });
  }, [editor, body]);
  return null;
}

/** The history follows the saves (a new version reloads its list and moves "Current text"), not the editor's renders. */
function SavedHistory({ store, ...panel }: { store: SaveStateStore } & Omit<HistoryPanelProps, 'version'>) {
  const version = useStore(store, (s) => s.version);
  return <HistoryPanel {...panel} version={version} />;
}

/** "Start writing…" once the body is in, so a piece being opened does not flash it. */
function BodyPlaceholder() {
  const [editor] = useLexicalComposerContext();
  const [ready, setReady] = useState(() => !editor.getEditorState().isEmpty());
  useEffect(() => {
    if (ready) return;
    return editor.registerUpdateListener(() => setReady(true));
  }, [editor, ready]);
  return ready ? <div className="cd-placeholder">Start writing…</div> : null;
}

/** The headline and dek; a piece opened without a headline (a new draft) starts with the caret in its headline. */
function HeadlineAndDek({ startHere }: { startHere: boolean }) {
  const headline = useOpenDraft((s) => s.headline);
  const dek = useOpenDraft((s) => s.dek);
  const update = useOpenDraft((s) => s.update);
  useEffect(() => {
    document.title = headline ? `${headline} — Copydesk` : 'Untitled — Copydesk';
  }, [headline]);
  return (
    <>
      <textarea
        autoFocus={startHere}
        className="cd-headline"
        aria-label="Headline"
        placeholder="Headline"
        rows={1}
        value={headline}
        onChange={(e) => update({ headline: e.target.value.replace(/\n/g, ' ') })}
      />
      <textarea
        className="cd-dek"
        aria-label="Dek"
        placeholder="Dek: the line under the headline"
        rows={2}
        value={dek}
        onChange={(e) => update({ dek: e.target.value })}
      />
    </>
  );
}

/**
 * One open draft: the text in the centre, its fields on the right, autosave underneath. A shared piece's body
 * is bound live to its document (`live`), so colleagues' words and carets appear as they type.
 */
function OpenDraft({
  draft,
  body,
  live,
  onReload,
}: {
  draft: SavedFields;
  body: string;
  live: IpcProvider | null;
  onReload: () => void;
}) {
  const caretsRef = useRef<HTMLDivElement>(null);
  const updateRow = useLibrary((s) => s.updateRow);
  // The save state lives outside this component's state: a status change must not re-render the whole editor.
  const [saveState] = useState(() =>
    createSaveStateStore({ kind: 'saved', at: new Date(draft.updatedAt) }, draft.version),
  );
  // Below 900 px the side pane is a drawer over the text (styles.css): it starts closed there, and closes when the window narrows into it.
  const [fieldsOpen, setFieldsOpen] = useState(() => !window.matchMedia(DRAWER_QUERY).matches);
  useEffect(() => {
    const drawer = window.matchMedia(DRAWER_QUERY);
    const onChange = (e: MediaQueryListEvent): void => {
      if (e.matches) setFieldsOpen(false);
    };
    drawer.addEventListener('change', onChange);
    return () => drawer.removeEventListener('change', onChange);
  }, []);
  const previewOpen = usePreview((s) => s.open);
  const [controller] = useState(
    () =>
      new SaveController({
        draft,
        save: (input) => api().drafts.saveFromEditor(input),
        onState: (state) => saveState.setState({ state }),
        onSaved: (saved) => {
          saveState.setState({ version: saved.version });
          updateRow(saved);
        },
        followsDocument: live !== null,
      }),
  );

  useEffect(() => {
    useOpenDraft.getState().open(draft, controller);
    void useReview.getState().load(draft.id);
    return () => {
      void controller.flush().finally(() => controller.dispose());
      useOpenDraft.getState().close(controller);
    };
  }, [draft, controller]);

  const initialConfig = useMemo(
    () => ({
      namespace: 'copydesk',
      nodes: [...EDITOR_NODES],
      theme: EDITOR_THEME,
      // A live body comes from the shared document, through the binding; any other from InitialBody.
      editorState: null,
      onError: (error: Error) => saveState.setState({ state: { kind: 'error', message: error.message } }),
    }),
    [saveState],
  );

  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className={`cd-desk${fieldsOpen ? '' : ' is-fields-closed'}${previewOpen ? ' is-previewing' : ''}`}>
        <div className="cd-editor-column">
          <Toolbar />
          <FindBar />
          <ConflictBanner
            store={saveState}
            onLoadTheirs={onReload}
            onKeepMine={(current) => void controller.keepMine(current)}
          />
          <article className="cd-page">
            <div className={live ? 'cd-measure is-live' : 'cd-measure'}>
              <HeadlineAndDek startHere={draft.headline === ''} />
              <RichTextPlugin
                contentEditable={<ContentEditable className="cd-body" aria-label="Body text" spellCheck />}
                placeholder={<BodyPlaceholder />}
                ErrorBoundary={LexicalErrorBoundary}
              />
              {live && <div className="cd-live-carets" ref={caretsRef} />}
            </div>
          </article>
          <LinkEditorPlugin />
          <footer className="cd-statusbar">
            <WordCountPlugin />
            {!fieldsOpen && (
              <button type="button" className="cd-link-button cd-show-fields" onClick={() => setFieldsOpen(true)}>
                Show fields
              </button>
            )}
            <DeskPresence draftId={draft.id} />
            <SharePiece draftId={draft.id} onShared={() => void controller.flush().then(onReload)} />
            <PreviewToggle />
            <SpellingToggle />
            <ExportMenu />
            <button type="button" className="cd-button" onClick={() => usePublish.getState().openDialog()}>
              Publish…
            </button>
            <SaveStatus store={saveState} onRetry={() => void controller.flush('manual')} />
          </footer>
        </div>
        {previewOpen && <PreviewPane draftId={draft.id} controller={controller} />}
        {fieldsOpen && (
          <SidePane onClose={() => setFieldsOpen(false)}>
            {{
              fields: <FieldsPane />,
              review: <ReviewPanel />,
              history: (
                <SavedHistory
                  store={saveState}
                  draftId={draft.id}
                  latestVersion={() => controller.currentVersion}
                  beforeRestore={() => controller.flush()}
                  onRestored={onReload}
                />
              ),
            }}
          </SidePane>
        )}
      </div>
      {live ? <SharedBodyPlugin provider={live} caretsRef={caretsRef} /> : <HistoryPlugin />}
      <ListPlugin />
      <LinkPlugin validateUrl={isWebUrl} />
      <HorizontalRulePlugin />
      <TabIndentationPlugin maxIndent={4} />
      <MarkdownShortcutPlugin transformers={MARKDOWN_SHORTCUTS} />
      <FigurePlugin />
      <CitationPlugin />
      <SlashInserterPlugin />
      <BlockMovePlugin />
      <FigureDragPlugin />
      <PasteCleanupPlugin />
      <DocumentIndexPlugin />
      <ReviewMarksPlugin />
      <LiveCheckPlugin />
      <SpellingPlugin />
      <BodySource controller={controller} />
      <AutosavePlugin controller={controller} />
      <FlushOnLeavePlugin controller={controller} />
      <VersionKeys draftId={draft.id} controller={controller} />
      <PieceCommands sidePaneOpen={fieldsOpen} setSidePaneOpen={setFieldsOpen} />
      <ReloadOnArrival draftId={draft.id} controller={controller} onReload={onReload} live={live !== null} />
      <FocusModePlugin />
      <RememberPlacePlugin draftId={draft.id} />
      {!live && <InitialBody body={body} />}
    </LexicalComposer>
  );
}

/** Loads one draft and opens it; "load their version" after a conflict loads it afresh. */
export function DraftEditor({ id }: { id: string }) {
  const [generation, setGeneration] = useState(0);
  return <DraftLoader key={generation} id={id} onReload={() => setGeneration((g) => g + 1)} />;
}

function DraftLoader({ id, onReload }: { id: string; onReload: () => void }) {
  const [opened, setOpened] = useState<{ draft: SavedFields; body: string; live: IpcProvider | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    let provider: IpcProvider | null = null;
    // A shared piece opens live when this app has a desk connection; anything else opens as before.
    // The body comes as the JSON text it is kept as: one string for the transport, parsed by Lexical here.
    Promise.all([unwrap(api().drafts.open({ id })), IpcProvider.open(id, windowTransport())])
      .then(([{ draft, body }, live]) => {
        provider = live;
        if (current) setOpened({ draft, body, live });
        else live?.destroy();
      })
      .catch((err: unknown) => current && setError(messageOf(err)));
    return () => {
      current = false;
      provider?.destroy();
    };
  }, [id]);

  if (error)
    return (
      <p role="alert" className="cd-error">
        {error}
      </p>
    );
  if (!opened) return <p className="cd-empty">Opening…</p>;
  return <OpenDraft draft={opened.draft} body={opened.body} live={opened.live} onReload={onReload} />;
}
