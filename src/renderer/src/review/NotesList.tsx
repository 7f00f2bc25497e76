import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReviewNote } from '../../../common/domain';
import { DROP_NOTE_MARKS_COMMAND } from '../editor/plugins/ReviewMarksPlugin';
import { useOpenDraft } from '../editor/openDraftStore';
import { when } from '../shell/format';
import { useReview } from './reviewStore';

function NewNote() {
  const [editor] = useLexicalComposerContext();
  const { pending, submitNote, cancelNote } = useReview();
  const [body, setBody] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => box.current?.focus(), [pending?.id]);
  if (!pending) return null;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (body.trim()) void submitNote(body).then(() => setBody(''));
  };
  const cancel = (): void => {
    editor.dispatchCommand(DROP_NOTE_MARKS_COMMAND, pending.id);
    cancelNote();
    setBody('');
  };
  return (
    <form className="cd-note is-new" onSubmit={submit} aria-label="New review note">
      <blockquote className="cd-note-quote">{pending.quote}</blockquote>
      <label className="cd-field">
        <span className="cd-label">Note</span>
        <textarea ref={box} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <div className="cd-link-actions">
        <button type="submit" className="cd-small-button" disabled={!body.trim()}>
          Add note
        </button>
        <button type="button" className="cd-small-button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NoteItem({ note, detached, position }: { note: ReviewNote; detached: boolean; position: number }) {
  const [editor] = useLexicalComposerContext();
  const { activeNoteId, focusNote, reply, resolve } = useReview();
  const markKeys = useOpenDraft((s) => s.markKeys[note.id]);
  const [answer, setAnswer] = useState('');
  const active = activeNoteId === note.id;
  const show = (): void => {
    focusNote(note.id);
    const element = markKeys?.[0] ? editor.getElementByKey(markKeys[0]) : null;
    element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  return (
    <li
      className={`cd-note${note.resolvedAt ? ' is-resolved' : ''}${active ? ' is-active' : ''}`}
      data-note={note.id}
      aria-current={active ? 'true' : undefined}
    >
      <button
        type="button"
        className="cd-note-quote-button"
        onClick={show}
        disabled={detached}
        aria-label={`Note ${position}: show its text`}
      >
        <blockquote className="cd-note-quote">{note.quote || '(no quoted text)'}</blockquote>
      </button>
      {detached && <span className="cd-badge is-warning">Detached: its text was deleted</span>}
      {note.resolvedAt && <span className="cd-badge">Resolved by {note.resolvedBy || 'someone'}</span>}
      <p className="cd-note-body">
        <strong>{note.author || 'Someone'}</strong> · <time dateTime={note.createdAt}>{when(note.createdAt)}</time>
        <br />
        {note.body}
      </p>
      {note.replies.map((r) => (
        <p key={r.id} className="cd-note-reply">
          <strong>{r.author || 'Someone'}</strong> · <time dateTime={r.createdAt}>{when(r.createdAt)}</time>
          <br />
          {r.body}
        </p>
      ))}
      <form
        className="cd-note-reply-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (answer.trim()) void reply(note.id, answer).then(() => setAnswer(''));
        }}
      >
        <input
          className="cd-control"
          aria-label={`Reply to note ${position}`}
          placeholder="Reply"
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
        />
        <button type="submit" className="cd-small-button" disabled={!answer.trim()}>
          Reply
        </button>
        <button type="button" className="cd-small-button" onClick={() => void resolve(note.id, !note.resolvedAt)}>
          {note.resolvedAt ? 'Reopen' : 'Resolve'}
        </button>
      </form>
    </li>
  );
}

/**
 * Review notes in the order of their text; detached ones (their words were
 * deleted) stay listed after them, never silently lost.
 */
export function NotesList() {
  const notes = useReview((s) => s.notes);
  const markKeys = useOpenDraft((s) => s.markKeys);
  const [editor] = useLexicalComposerContext();
  const order = (note: ReviewNote): number => {
    const key = markKeys[note.id]?.[0];
    const element = key ? editor.getElementByKey(key) : null;
    if (!element) return Number.MAX_SAFE_INTEGER;
    const root = editor.getRootElement();
    if (!root) return 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    let index = 0;
    while (walker.nextNode()) {
      if (walker.currentNode === element) return index;
      index++;
    }
    return Number.MAX_SAFE_INTEGER;
  };
  const sorted = [...notes].map((note) => ({ note, at: order(note) })).sort((a, b) => a.at - b.at);
  const open = notes.filter((n) => !n.resolvedAt).length;
  return (
    <section className="cd-fields-section" aria-labelledby="cd-notes-heading">
      <h2 id="cd-notes-heading">
        Notes <span className="cd-view-count">{open} open</span>
      </h2>
      <NewNote />
      {notes.length === 0 && (
        <p className="cd-help">Select words in the text and choose “Note” in the toolbar to leave a note on them.</p>
      )}
      <ol className="cd-notes">
        {sorted.map(({ note, at }, i) => (
          <NoteItem key={note.id} note={note} detached={at === Number.MAX_SAFE_INTEGER} position={i + 1} />
        ))}
      </ol>
    </section>
  );
}
