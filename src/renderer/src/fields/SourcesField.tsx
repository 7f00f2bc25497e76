import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getRoot, $isElementNode, type LexicalNode } from 'lexical';
import { useState, type DragEvent } from 'react';
import { isWebUrl, type Source } from '../../../common/domain';
import { INSERT_CITATION_COMMAND } from '../editor/commands';
import { $isCitationNode } from '../../../common/nodes/citation/CitationNode';
import { useOpenDraft } from '../editor/openDraftStore';

const FIELDS: Array<{ key: keyof Omit<Source, 'id'>; label: string; type?: string; placeholder?: string }> = [
  { key: 'outlet', label: 'Outlet', placeholder: 'Reuters' },
  { key: 'title', label: 'Title' },
  { key: 'url', label: 'URL', type: 'url', placeholder: 'https://' },
  { key: 'author', label: 'Author' },
  { key: 'published', label: 'Published', type: 'date' },
  { key: 'accessed', label: 'Accessed', type: 'date' },
];

function newSource(): Source {
  const today = new Date().toISOString().slice(0, 10);
  return {
    id: `src-${crypto.randomUUID().slice(0, 8)}`,
    outlet: '',
    title: '',
    url: '',
    author: '',
    published: '',
    accessed: today,
    notes: '',
  };
}

/**
 * The sources the piece relies on, in order: edit, reorder (drag, or the
 * arrow buttons from the keyboard), cite at the cursor, remove. Each shows
 * how often the text cites it; uncited ones are marked.
 */
export function SourcesField() {
  const [editor] = useLexicalComposerContext();
  const { sources, citationCounts, update } = useOpenDraft();
  const [openId, setOpenId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const anyInvalid = sources.some((s) => s.url.trim() !== '' && !isWebUrl(s.url.trim()));

  const setSources = (next: Source[]): void => update({ sources: next });
  const edit = (id: string, key: keyof Source, value: string): void =>
    setSources(sources.map((s) => (s.id === id ? { ...s, [key]: value } : s)));
  const move = (index: number, by: number): void => {
    const target = index + by;
    if (target < 0 || target >= sources.length) return;
    const next = [...sources];
    const [item] = next.splice(index, 1);
    next.splice(target, 0, item!);
    setSources(next);
  };
  const remove = (id: string): void => {
    editor.update(() => {
      const visit = (node: LexicalNode): void => {
        if ($isCitationNode(node) && node.getSourceId() === id) node.remove();
        else if ($isElementNode(node)) node.getChildren().forEach(visit);
      };
      visit($getRoot());
    });
    setSources(sources.filter((s) => s.id !== id));
    setConfirming(null);
  };
  const onDrop = (event: DragEvent, targetId: string): void => {
    event.preventDefault();
    if (!dragging || dragging === targetId) return;
    const from = sources.findIndex((s) => s.id === dragging);
    const to = sources.findIndex((s) => s.id === targetId);
    move(from, to - from);
    setDragging(null);
  };

  return (
    <section className="cd-fields-section" aria-labelledby="cd-sources-heading">
      <h2 id="cd-sources-heading">Sources</h2>
      {anyInvalid && (
        <p className="cd-help is-error" role="alert">
          Sources are not saved until every URL is a full web address.
        </p>
      )}
      <ol className="cd-sources">
        {sources.map((source, index) => {
          const cited = citationCounts[source.id] ?? 0;
          const urlInvalid = source.url.trim() !== '' && !isWebUrl(source.url.trim());
          const open = openId === source.id;
          return (
            <li
              key={source.id}
              className={`cd-source${dragging === source.id ? ' is-dragging' : ''}`}
              draggable
              onDragStart={() => setDragging(source.id)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, source.id)}
            >
              <div className="cd-source-head">
                <button
                  type="button"
                  className="cd-source-title"
                  aria-expanded={open}
                  onClick={() => setOpenId(open ? null : source.id)}
                >
                  <span className="cd-source-number">{index + 1}.</span> {source.outlet || 'Untitled source'}
                  {source.title && <span className="cd-source-sub"> — {source.title}</span>}
                </button>
                <span className={cited ? 'cd-badge' : 'cd-badge is-warning'}>
                  {cited ? `cited ${cited}×` : 'uncited'}
                </span>
              </div>
              {urlInvalid && !open && <span className="cd-help is-error">URL is not a web address</span>}
              {open && (
                <div className="cd-source-form">
                  {FIELDS.map((f) => {
                    const invalid = f.key === 'url' && urlInvalid;
                    return (
                      <label key={f.key} className="cd-field">
                        <span className="cd-label">{f.label}</span>
                        <input
                          type={f.type === 'url' ? 'text' : (f.type ?? 'text')}
                          inputMode={f.type === 'url' ? 'url' : undefined}
                          value={source[f.key]}
                          placeholder={f.placeholder}
                          aria-invalid={invalid}
                          onChange={(e) => edit(source.id, f.key, e.target.value)}
                        />
                        {invalid && (
                          <span className="cd-help is-error">
                            Not a web address: it must start with http:// or https://
                          </span>
                        )}
                      </label>
                    );
                  })}
                  <label className="cd-field">
                    <span className="cd-label">Notes</span>
                    <textarea
                      rows={2}
                      value={source.notes}
                      onChange={(e) => edit(source.id, 'notes', e.target.value)}
                    />
                  </label>
                </div>
              )}
              <div className="cd-source-actions">
                <button
                  type="button"
                  className="cd-small-button"
                  onClick={() => editor.dispatchCommand(INSERT_CITATION_COMMAND, source.id)}
                >
                  Cite
                </button>
                <button
                  type="button"
                  className="cd-small-button"
                  aria-label={`Move source ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="cd-small-button"
                  aria-label={`Move source ${index + 1} down`}
                  disabled={index === sources.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="cd-small-button is-danger"
                  onClick={() => (cited ? setConfirming(source.id) : remove(source.id))}
                >
                  Remove
                </button>
              </div>
              {confirming === source.id && (
                <div className="cd-confirm" role="alertdialog" aria-label="Remove a cited source">
                  This source is cited {cited} {cited === 1 ? 'time' : 'times'}. Remove it and its citations?
                  <button type="button" className="cd-small-button is-danger" onClick={() => remove(source.id)}>
                    Remove source and citations
                  </button>
                  <button type="button" className="cd-small-button" onClick={() => setConfirming(null)}>
                    Keep it
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="cd-small-button"
        onClick={() => {
          const source = newSource();
          setSources([...sources, source]);
          setOpenId(source.id);
        }}
      >
        Add source
      </button>
    </section>
  );
}
