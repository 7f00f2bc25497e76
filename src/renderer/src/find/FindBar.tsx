import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  $getNodeByKey,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  COMMAND_PRIORITY_LOW,
  HISTORY_PUSH_TAG,
  UNDO_COMMAND,
  type LexicalEditor,
} from 'lexical';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { matcher, replaceMatches, type FindOptions, type TextMatch } from '../../../common/find/findMatches';
import { $isFigureNode } from '../../../common/nodes/figure/FigureNode';
import { useOpenDraft } from '../editor/openDraftStore';
import { usePieceCommand } from '../palette/usePieceCommand';
import { $bodyParts, $replaceInBlock, blockRange, type FieldName, type PiecePart } from './pieceParts';
import './find.css';

/**
 * Find and replace in the open piece (Ctrl/Cmd+F, Ctrl/Cmd+H): headline,
 * dek, body and figure captions, in that order. Matches in the body are
 * painted with the CSS Custom Highlight API, so the document is never
 * changed to show them; a field or caption holding a match is outlined.
 * Replace all is one undo step: one editor update for the body and
 * captions, and Ctrl+Z right after it puts the headline and dek back too.
 */

interface Found extends TextMatch {
  part: number;
}

const TAG = 'find-replace';
const FIELDS: readonly FieldName[] = ['headline', 'dek'];
/** Edits while the bar is open recount after this pause, not at every keystroke. */
const RECOUNT_MS = 150;

function isFindKey(event: KeyboardEvent): 'find' | 'replace' | null {
  if (!(event.ctrlKey || event.metaKey) || event.shiftKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'h' && !event.altKey) return 'replace';
  // Cmd+Option+F is the Mac's replace, where Cmd+H hides the app.
  if (key === 'f') return event.altKey ? 'replace' : 'find';
  return null;
}

function searchPiece(
  editor: LexicalEditor,
  query: string,
  options: FindOptions,
  { headline, dek }: Record<FieldName, string>,
): { parts: PiecePart[]; found: Found[] } {
  const parts: PiecePart[] = [
    { kind: 'field', field: 'headline', text: headline },
    { kind: 'field', field: 'dek', text: dek },
    ...editor.getEditorState().read($bodyParts),
  ];
  const find = matcher(query, options);
  const found = find ? parts.flatMap((p, part) => find(p.text).map((m) => ({ part, ...m }))) : [];
  return { parts, found };
}

/** The element outlined for a match outside the body's text: a field or a caption. */
function fieldElement(editor: LexicalEditor, part: PiecePart): HTMLElement | null {
  if (part.kind === 'caption')
    return editor.getElementByKey(part.key)?.querySelector<HTMLElement>('.cd-figure-caption') ?? null;
  if (part.kind === 'field')
    return editor.getRootElement()?.closest('.cd-measure')?.querySelector<HTMLElement>(`.cd-${part.field}`) ?? null;
  return null;
}

function bodyRange(editor: LexicalEditor, part: PiecePart, match: TextMatch): Range | null {
  return part.kind === 'block' ? blockRange(editor, part, match) : null;
}

export function FindBar() {
  const [editor] = useLexicalComposerContext();
  const [open, setOpen] = useState(false);
  const [withReplace, setWithReplace] = useState(false);
  const [query, setQuery] = useState('');
  const [replacement, setReplacement] = useState('');
  const [options, setOptions] = useState<FindOptions>({ matchCase: false, wholeWord: false });
  /** Bumped when the body changes (after a pause) or a replace is made: the matches are counted again. */
  const [bodyEdits, setBodyEdits] = useState(0);
  const [current, setCurrent] = useState(0);
  const headline = useOpenDraft((s) => s.headline);
  const dek = useOpenDraft((s) => s.dek);
  const findRef = useRef<HTMLInputElement>(null);
  const replaceRef = useRef<HTMLInputElement>(null);
  /** What Ctrl+Z right after a replace all puts back beyond the editor's own undo. */
  /** Set when the writer moves to a match (a new query, next, replace): only then is it scrolled to, never on a recount while typing. */
  const reveal = useRef(true);
  const pendingUndo = useRef<{
    before: Partial<Record<FieldName, string>>;
    after: Partial<Record<FieldName, string>>;
    bodyChanged: boolean;
  } | null>(null);

  // A new query or option counts at once, and so do the headline and dek as they change.
  const { parts, found } = useMemo(
    () => (open ? searchPiece(editor, query, options, { headline, dek }) : { parts: [], found: [] }),
    // bodyEdits stands for the editor's state, which React does not see change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editor, open, query, options, headline, dek, bodyEdits],
  );
  const at = found.length === 0 ? -1 : Math.min(current, found.length - 1);

  useEffect(() => {
    if (!open) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unregister = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
      if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setBodyEdits((n) => n + 1), RECOUNT_MS);
    });
    return () => {
      unregister();
      if (timer) clearTimeout(timer);
    };
  }, [editor, open]);

  // Paint the matches: highlights in the body, outlines on fields and captions.
  useEffect(() => {
    if (found.length === 0) return;
    const ranges = found.map((f, i) => ({ i, range: bodyRange(editor, parts[f.part]!, f) }));
    CSS.highlights.set('cd-find', new Highlight(...ranges.flatMap((r) => (r.range && r.i !== at ? [r.range] : []))));
    const currentRange = ranges[at]?.range;
    CSS.highlights.set('cd-find-current', new Highlight(...(currentRange ? [currentRange] : [])));
    const marked: HTMLElement[] = [];
    found.forEach((f, i) => {
      const element = fieldElement(editor, parts[f.part]!);
      if (!element) return;
      if (element.dataset.find !== 'current') element.dataset.find = i === at ? 'current' : 'match';
      marked.push(element);
    });
    if (reveal.current) {
      reveal.current = false;
      const currentField = found[at] && fieldElement(editor, parts[found[at].part]!);
      (currentField ?? currentRange?.startContainer.parentElement)?.scrollIntoView({ block: 'nearest' });
    }
    return () => {
      CSS.highlights.delete('cd-find');
      CSS.highlights.delete('cd-find-current');
      for (const element of marked) delete element.dataset.find;
    };
  }, [editor, parts, found, at]);

  const show = useCallback(
    (replace: boolean) => {
      const selected = editor.getEditorState().read(() => {
        const selection = $getSelection();
        return $isRangeSelection(selection) && !selection.isCollapsed() ? selection.getTextContent() : '';
      });
      if (
        selected &&
        !selected.includes('\n') &&
        selected.length <= 200 &&
        document.activeElement === editor.getRootElement()
      ) {
        setQuery(selected);
        setCurrent(0);
      }
      setOpen(true);
      reveal.current = true;
      if (replace) setWithReplace(true);
      requestAnimationFrame(() => {
        const target = replace && findRef.current?.value ? replaceRef.current : findRef.current;
        target?.focus();
        target?.select();
      });
    },
    [editor],
  );

  // From the menu bar and the command palette.
  usePieceCommand(
    'edit.find',
    useCallback(() => show(false), [show]),
  );
  usePieceCommand(
    'edit.replace',
    useCallback(() => show(true), [show]),
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const which = isFindKey(event);
      if (!which) return;
      event.preventDefault();
      show(which === 'replace');
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [show]);

  // Ctrl+Z right after a replace all: the fields it changed go back with the body.
  useEffect(() => {
    const unregisterUndo = editor.registerCommand(
      UNDO_COMMAND,
      () => {
        const pending = pendingUndo.current;
        if (!pending) return false;
        pendingUndo.current = null;
        const state = useOpenDraft.getState();
        const restore = Object.fromEntries(
          FIELDS.filter((f) => pending.before[f] !== undefined && state[f] === pending.after[f]).map((f) => [
            f,
            pending.before[f],
          ]),
        );
        if (Object.keys(restore).length > 0) state.update(restore);
        // With no change in the body, the editor's own undo would reach back past the replace.
        return !pending.bodyChanged;
      },
      COMMAND_PRIORITY_LOW,
    );
    const unregisterEdits = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
      if (tags.has(TAG) || dirtyElements.size + dirtyLeaves.size === 0) return;
      pendingUndo.current = null;
    });
    return () => {
      unregisterUndo();
      unregisterEdits();
    };
  }, [editor]);

  const close = (): void => {
    setOpen(false);
    editor.focus();
  };

  const setOption = (change: Partial<FindOptions>): void => {
    setOptions({ ...options, ...change });
    setCurrent(0);
    reveal.current = true;
  };

  const step = (by: 1 | -1): void => {
    if (found.length > 0) setCurrent((at + by + found.length) % found.length);
    reveal.current = true;
  };

  /** Replaces the given matches: the body and captions in one editor update (one undo step). */
  const replace = (which: Found[]): void => {
    const byPart = new Map<number, TextMatch[]>();
    for (const f of which) byPart.set(f.part, [...(byPart.get(f.part) ?? []), f]);
    const before: Partial<Record<FieldName, string>> = {};
    const after: Partial<Record<FieldName, string>> = {};
    let bodyChanged = false;
    for (const [index, matches] of byPart) {
      const part = parts[index]!;
      if (part.kind === 'field') {
        before[part.field] = part.text;
        after[part.field] = replaceMatches(part.text, matches, replacement);
      } else bodyChanged = true;
    }
    if (bodyChanged) {
      editor.update(
        () => {
          for (const [index, matches] of byPart) {
            const part = parts[index]!;
            if (part.kind === 'block') $replaceInBlock(part, matches, replacement);
            if (part.kind === 'caption') {
              const node = $getNodeByKey(part.key);
              if ($isFigureNode(node)) node.setFields({ caption: replaceMatches(part.text, matches, replacement) });
            }
          }
          // The caret may have stood in text that moved; the writer is in the find bar meanwhile.
          $setSelection(null);
        },
        { tag: [HISTORY_PUSH_TAG, TAG], discrete: true },
      );
    }
    if (Object.keys(after).length > 0) useOpenDraft.getState().update(after);
    pendingUndo.current = { before, after, bodyChanged };
    reveal.current = true;
    setBodyEdits((n) => n + 1);
  };

  const onFindKey = (event: ReactKeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    step(event.shiftKey ? -1 : 1);
  };

  const count = useMemo(
    () => (query === '' ? '' : found.length === 0 ? 'No matches' : `${at + 1} of ${found.length}`),
    [query, found.length, at],
  );

  if (!open) return null;
  return (
    <div
      className="cd-find"
      role="search"
      aria-label="Find and replace"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        close();
      }}
    >
      <div className="cd-find-row">
        <input
          ref={findRef}
          className="cd-control cd-find-input"
          aria-label="Find"
          placeholder="Find"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(0);
            reveal.current = true;
          }}
          onKeyDown={onFindKey}
        />
        <span className="cd-find-count" role="status">
          {count}
        </span>
        <button
          type="button"
          className="cd-tool"
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
          disabled={found.length === 0}
          onClick={() => step(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="cd-tool"
          aria-label="Next match"
          title="Next match (Enter)"
          disabled={found.length === 0}
          onClick={() => step(1)}
        >
          ↓
        </button>
        <label className="cd-find-option">
          <input
            type="checkbox"
            checked={options.matchCase}
            onChange={(e) => setOption({ matchCase: e.target.checked })}
          />{' '}
          Match case
        </label>
        <label className="cd-find-option">
          <input
            type="checkbox"
            checked={options.wholeWord}
            onChange={(e) => setOption({ wholeWord: e.target.checked })}
          />{' '}
          Whole word
        </label>
        {!withReplace && (
          <button type="button" className="cd-link-button" onClick={() => setWithReplace(true)}>
            Replace…
          </button>
        )}
        <button
          type="button"
          className="cd-tool cd-find-close"
          aria-label="Close find"
          title="Close (Esc)"
          onClick={close}
        >
          ×
        </button>
      </div>
      {withReplace && (
        <div className="cd-find-row">
          <input
            ref={replaceRef}
            className="cd-control cd-find-input"
            aria-label="Replace with"
            placeholder="Replace with"
            value={replacement}
            onChange={(e) => setReplacement(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || !found[at]) return;
              e.preventDefault();
              replace([found[at]]);
            }}
          />
          <button
            type="button"
            className="cd-small-button"
            disabled={!found[at]}
            onClick={() => found[at] && replace([found[at]])}
          >
            Replace
          </button>
          <button
            type="button"
            className="cd-small-button"
            disabled={found.length === 0}
            onClick={() => replace(found)}
          >
            Replace all
          </button>
        </div>
      )}
    </div>
  );
}
