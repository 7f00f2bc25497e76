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
import { useEffect, useMemo, useState } from 'react';
import { isWebUrl, type Draft } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';
import { FieldsPane } from '../fields/FieldsPane';
import { FindBar } from '../find/FindBar';
import { SidePane } from '../fields/SidePane';
import { HistoryPanel } from '../history/HistoryPanel';
import { ReviewPanel } from '../review/ReviewPanel';
import { useReview } from '../review/reviewStore';
import { useLibrary } from '../library/libraryStore';
import { EDITOR_NODES, EDITOR_THEME } from './editorConfig';
import { MARKDOWN_SHORTCUTS } from './markdownShortcuts';
import { useOpenDraft } from './openDraftStore';
import { bodySnapshots } from './bodySnapshot';
import { AutosavePlugin } from './plugins/AutosavePlugin';
import { CitationPlugin } from './plugins/CitationPlugin';
import { DocumentIndexPlugin } from './plugins/DocumentIndexPlugin';
import { FigurePlugin } from './plugins/FigurePlugin';
import { FlushOnLeavePlugin } from './plugins/FlushOnLeavePlugin';
import { LinkEditorPlugin } from './plugins/LinkEditorPlugin';
import { LiveCheckPlugin } from './plugins/LiveCheckPlugin';
import { PasteCleanupPlugin } from './plugins/PasteCleanupPlugin';
import { ReviewMarksPlugin } from './plugins/ReviewMarksPlugin';
import { WordCountPlugin } from './plugins/WordCountPlugin';
import { SaveController, type SaveState } from './saveController';
import { usePublish } from '../publish/publishStore';
import { ExportMenu } from './ExportMenu';
import { SaveStatus } from './SaveStatus';
import { Toolbar } from './Toolbar';
import { VersionKeys } from '../versions/VersionKeys';
import { PieceCommands } from '../palette/PieceCommands';
import { ReloadOnArrival } from '../newsroom/ReloadOnArrival';
import { DeskPresence } from '../newsroom/DeskPresence';
import { SharePiece } from '../newsroom/SharePiece';
import { PreviewPane } from '../preview/PreviewPane';
import { PreviewToggle } from '../preview/PreviewToggle';
import { usePreview } from '../preview/previewStore';

/** Lets the save controller read the document when, and only when, it saves. */
function BodySource({ controller }: { controller: SaveController }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    controller.attachBody(() => bodySnapshots(editor).text(editor.getEditorState()));
  }, [editor, controller]);
  return null;
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

/** Where the side pane stops being a column and becomes a drawer: the same width as the media query in styles.css. */
const DRAWER_QUERY = '(max-width: 899px)';

/** One open draft: the text in the centre, its fields on the right, autosave underneath. */
function OpenDraft({ draft, onReload }: { draft: Draft; onReload: () => void }) {
  const updateRow = useLibrary((s) => s.updateRow);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: new Date(draft.updatedAt) });
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
      new SaveController({ draft, save: (input) => api().drafts.save(input), onState: setState, onSaved: updateRow }),
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
      editorState: JSON.stringify(draft.body),
      onError: (error: Error) => setState({ kind: 'error', message: error.message }),
    }),
    [draft],
  );

  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className={`cd-desk${fieldsOpen ? '' : ' is-fields-closed'}${previewOpen ? ' is-previewing' : ''}`}>
        <div className="cd-editor-column">
          <Toolbar />
          <FindBar />
          {state.kind === 'conflict' && (
            <div className="cd-banner" role="alert">
              This piece was changed elsewhere while you were editing.
              <button type="button" className="cd-button" onClick={onReload}>
                Load their version
              </button>
              <button type="button" className="cd-button" onClick={() => void controller.keepMine(state.current)}>
                Keep mine
              </button>
            </div>
          )}
          <article className="cd-page">
            <div className="cd-measure">
              <HeadlineAndDek startHere={draft.headline === ''} />
              <RichTextPlugin
                contentEditable={<ContentEditable className="cd-body" aria-label="Body text" spellCheck />}
                placeholder={<div className="cd-placeholder">Start writing…</div>}
                ErrorBoundary={LexicalErrorBoundary}
              />
            </div>
          </article>
          <LinkEditorPlugin />
          <footer className="cd-statusbar">
            <WordCountPlugin />
            {!fieldsOpen && (
              <button type="button" className="cd-link-button" onClick={() => setFieldsOpen(true)}>
                Show fields
              </button>
            )}
            <DeskPresence draftId={draft.id} />
            <SharePiece draftId={draft.id} />
            <PreviewToggle />
            <ExportMenu />
            <button type="button" className="cd-button" onClick={() => usePublish.getState().openDialog()}>
              Publish…
            </button>
            <SaveStatus state={state} onRetry={() => void controller.flush('manual')} />
          </footer>
        </div>
        {previewOpen && <PreviewPane draftId={draft.id} controller={controller} />}
        {fieldsOpen && (
          <SidePane onClose={() => setFieldsOpen(false)}>
            {{
              fields: <FieldsPane />,
              review: <ReviewPanel />,
              history: (
                <HistoryPanel
                  draftId={draft.id}
                  version={controller.currentVersion}
                  latestVersion={() => controller.currentVersion}
                  beforeRestore={() => controller.flush()}
                  onRestored={onReload}
                />
              ),
            }}
          </SidePane>
        )}
      </div>
      <HistoryPlugin />
      <ListPlugin />
      <LinkPlugin validateUrl={isWebUrl} />
      <HorizontalRulePlugin />
      <TabIndentationPlugin maxIndent={4} />
      <MarkdownShortcutPlugin transformers={MARKDOWN_SHORTCUTS} />
      <FigurePlugin />
      <CitationPlugin />
      <PasteCleanupPlugin />
      <DocumentIndexPlugin />
      <ReviewMarksPlugin />
      <LiveCheckPlugin />
      <BodySource controller={controller} />
      <AutosavePlugin controller={controller} />
      <FlushOnLeavePlugin controller={controller} />
      <VersionKeys draftId={draft.id} controller={controller} />
      <PieceCommands sidePaneOpen={fieldsOpen} setSidePaneOpen={setFieldsOpen} />
      <ReloadOnArrival draftId={draft.id} controller={controller} onReload={onReload} />
    </LexicalComposer>
  );
}

/** Loads one draft and opens it; "load their version" after a conflict loads it afresh. */
export function DraftEditor({ id }: { id: string }) {
  const [generation, setGeneration] = useState(0);
  return <DraftLoader key={generation} id={id} onReload={() => setGeneration((g) => g + 1)} />;
}

function DraftLoader({ id, onReload }: { id: string; onReload: () => void }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(api().drafts.get({ id }))
      .then((d) => live && setDraft(d))
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [id]);

  if (error)
    return (
      <p role="alert" className="cd-error">
        {error}
      </p>
    );
  if (!draft) return <p className="cd-empty">Opening…</p>;
  return <OpenDraft draft={draft} onReload={onReload} />;
}
