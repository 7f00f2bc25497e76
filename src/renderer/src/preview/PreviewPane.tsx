import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import { bodySnapshots } from '../editor/bodySnapshot';
import type { SaveController } from '../editor/saveController';
import { PreviewFrame } from './PreviewFrame';
import { usePreview, type PreviewWidth } from './previewStore';
import './preview.css';

const WIDTHS: Array<{ width: PreviewWidth; label: string }> = [
  { width: 'desktop', label: 'Desktop' },
  { width: 'phone', label: 'Phone' },
];

/** The open piece as readers will see it, beside the text (or over it in a narrow window), at a desktop's or a phone's width. */
export function PreviewPane({ draftId, controller }: { draftId: string; controller: SaveController }) {
  const page = usePreview((s) => s.page);
  const error = usePreview((s) => s.error);
  const width = usePreview((s) => s.width);
  const setWidth = usePreview((s) => s.setWidth);
  const [editor] = useLexicalComposerContext();

  useEffect(() => {
    const { render, clear } = usePreview.getState();
    void render(draftId);
    // The export reads the saved piece, so the preview follows the autosave
    // (about a second after typing stops), not each keystroke.
    // A save's answer leaves out the body the window sent: the one on screen stands in for it.
    const unsubscribe = controller.subscribeSaved(
      (saved) => void render(draftId, { ...saved, body: bodySnapshots(editor).document(editor.getEditorState()) }),
    );
    return () => {
      unsubscribe();
      clear();
    };
  }, [draftId, controller, editor]);

  return (
    <section className="cd-preview" aria-label="Reader preview">
      <div className="cd-preview-bar">
        <div className="cd-preview-widths" role="group" aria-label="Preview width">
          {WIDTHS.map((choice) => (
            <button
              key={choice.width}
              type="button"
              className="cd-tool"
              aria-pressed={width === choice.width}
              onClick={() => setWidth(choice.width)}
            >
              {choice.label}
            </button>
          ))}
        </div>
        <span className="cd-preview-note">Updates after each save</span>
        <button type="button" className="cd-link-button" onClick={() => usePreview.getState().setOpen(false)}>
          Close preview
        </button>
      </div>
      {error && (
        <p className="cd-preview-error" role="alert">
          The preview could not be rendered: {error}
        </p>
      )}
      <div className={`cd-preview-stage is-${width}`}>
        {page === null ? <p className="cd-empty">Rendering…</p> : <PreviewFrame page={page} width={width} />}
      </div>
    </section>
  );
}
