import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { useEffect, useMemo, useState } from 'react';
import { isWebUrl, type Draft } from '../../../common/domain';
import type { LexicalDocument } from '../../../common/lexical/document';
import { api, messageOf, unwrap } from '../api';
import { useLibrary } from '../library/libraryStore';
import { EDITOR_NODES, EDITOR_THEME } from './editorConfig';
import { MARKDOWN_SHORTCUTS } from './markdownShortcuts';
import { AutosavePlugin } from './plugins/AutosavePlugin';
import { FlushOnLeavePlugin } from './plugins/FlushOnLeavePlugin';
import { WordCountPlugin } from './plugins/WordCountPlugin';
import { SaveController, type SaveState } from './saveController';
import { SaveStatus } from './SaveStatus';

/** Lets the save controller read the document when, and only when, it saves. */
function BodySource({ controller }: { controller: SaveController }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    controller.attachBody(() => editor.getEditorState().toJSON() as unknown as LexicalDocument);
  }, [editor, controller]);
  return null;
}

/** One open draft: its headline and dek, the Lexical body, and autosave. */
function OpenDraft({ draft, onReload }: { draft: Draft; onReload: () => void }) {
  const updateRow = useLibrary((s) => s.updateRow);
  const [headline, setHeadline] = useState(draft.headline);
  const [dek, setDek] = useState(draft.dek);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: new Date(draft.updatedAt) });
  const [controller] = useState(() => new SaveController({ draft, save: (input) => api().drafts.save(input), onState: setState, onSaved: updateRow }));

  useEffect(() => () => void controller.flush().finally(() => controller.dispose()), [controller]);
  useEffect(() => {
    document.title = headline ? `${headline} — Copydesk` : 'Untitled — Copydesk';
  }, [headline]);

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

  const setField = (name: 'headline' | 'dek', value: string): void => {
    if (name === 'headline') setHeadline(value);
    else setDek(value);
    controller.setFields({ [name]: value });
  };

  return (
    <div className="cd-editor-column">
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
      <LexicalComposer initialConfig={initialConfig}>
        <article className="cd-page">
          <div className="cd-measure">
          <textarea
            className="cd-headline"
            aria-label="Headline"
            placeholder="Headline"
            rows={1}
            value={headline}
            onChange={(e) => setField('headline', e.target.value.replace(/\n/g, ' '))}
          />
          <textarea className="cd-dek" aria-label="Dek" placeholder="Dek: the line under the headline" rows={2} value={dek} onChange={(e) => setField('dek', e.target.value)} />
          <RichTextPlugin
            contentEditable={<ContentEditable className="cd-body" aria-label="Body text" spellCheck />}
            placeholder={<div className="cd-placeholder">Start writing…</div>}
            ErrorBoundary={LexicalErrorBoundary}
          />
          </div>
        </article>
        <HistoryPlugin />
        <ListPlugin />
        <LinkPlugin validateUrl={isWebUrl} />
        <MarkdownShortcutPlugin transformers={MARKDOWN_SHORTCUTS} />
        <BodySource controller={controller} />
        <AutosavePlugin controller={controller} />
        <FlushOnLeavePlugin controller={controller} />
        <footer className="cd-statusbar">
          <WordCountPlugin />
          <SaveStatus state={state} onRetry={() => void controller.flush('manual')} />
        </footer>
      </LexicalComposer>
    </div>
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

  if (error) return <p role="alert" className="cd-error">{error}</p>;
  if (!draft) return <p className="cd-empty">Opening…</p>;
  return <OpenDraft draft={draft} onReload={onReload} />;
}
