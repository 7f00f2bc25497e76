import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { TextHit } from './textHits';
import { spellChecker } from './spellChecker';

/**
 * What an underlined word offers, under it: for a misspelling the
 * dictionary's suggestions and "Add to the newsroom dictionary", for a
 * house-style term its preferred form and why. A menu of buttons, reached
 * by click or by Ctrl/Cmd+. (then focused, arrows move, Esc goes back).
 */

export interface SpellingMenuProps {
  hit: TextHit;
  /** Where the word stands on screen. */
  at: DOMRect;
  /** Opened from the keyboard: the first choice takes the focus. */
  focusFirst: boolean;
  onReplace: (replacement: string) => void;
  onAddWord: () => void;
  onClose: (refocus: boolean) => void;
}

export function SpellingMenu({ hit, at, focusFirst, onReplace, onAddWord, onClose }: SpellingMenuProps) {
  const labelId = useId();
  const menuRef = useRef<HTMLUListElement>(null);
  const [suggestions, setSuggestions] = useState<string[] | null>(hit.kind === 'spelling' ? null : []);

  useEffect(() => {
    if (hit.kind !== 'spelling') return;
    let live = true;
    void spellChecker.suggest(hit.word).then((words) => live && setSuggestions(words));
    return () => {
      live = false;
    };
  }, [hit]);

  useEffect(() => {
    if (focusFirst) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [focusFirst, suggestions]);

  const onKeyDown = (event: ReactKeyboardEvent): void => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number): void => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose(true);
    }
  };

  const heading =
    hit.kind === 'spelling'
      ? `Not in the dictionary: “${hit.found}”`
      : hit.suggestion
        ? `House style: “${hit.found}” → “${hit.suggestion}”`
        : `House style: “${hit.found}” is banned`;

  return (
    <div
      className="cd-spelling-popup"
      style={{ left: Math.max(8, at.left), top: at.bottom + 4 }}
      onKeyDown={onKeyDown}
      // The text keeps the focus while the pointer chooses, so a click here never scrolls the page or blurs the editor first.
      onMouseDown={(e) => e.preventDefault()}
    >
      <p id={labelId} className="cd-spelling-heading">
        {heading}
      </p>
      {hit.kind === 'style' && hit.reason && <p className="cd-spelling-reason">{hit.reason}</p>}
      {hit.kind === 'spelling' && (suggestions === null || suggestions.length === 0) && (
        <p className="cd-spelling-note" role="status">
          {suggestions === null ? 'Looking for suggestions…' : 'No suggestions'}
        </p>
      )}
      <ul ref={menuRef} role="menu" aria-labelledby={labelId} className="cd-spelling-menu">
        {(hit.kind === 'style' ? (hit.suggestion ? [hit.suggestion] : []) : (suggestions ?? [])).map((s) => (
          <li role="none" key={s}>
            <button type="button" role="menuitem" tabIndex={-1} onClick={() => onReplace(s)}>
              {hit.kind === 'style' ? `Use “${s}”` : s}
            </button>
          </li>
        ))}
        {hit.kind === 'spelling' && (
          <li role="none">
            <button type="button" role="menuitem" tabIndex={-1} onClick={onAddWord}>
              Add “{hit.word}” to the newsroom dictionary
            </button>
          </li>
        )}
        <li role="none">
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => onClose(true)}>
            Leave it as it is
          </button>
        </li>
      </ul>
    </div>
  );
}
