import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $getNodeByKey,
  $getRoot,
  $getSelection,
  $isParagraphNode,
  $isRangeSelection,
  $isTextNode,
  BLUR_COMMAND,
  COMMAND_PRIORITY_HIGH,
  KEY_ARROW_DOWN_COMMAND,
  KEY_ARROW_UP_COMMAND,
  KEY_ENTER_COMMAND,
  KEY_ESCAPE_COMMAND,
  KEY_TAB_COMMAND,
  type LexicalEditor,
  type NodeKey,
} from 'lexical';
import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import type { Source } from '../../../../common/domain';
import { $insertSlashBlock } from '../blocks/insertSlashBlock';
import { filterSlashBlocks, slashQuery, type SlashBlock } from '../blocks/slashBlocks';
import { INSERT_CITATION_COMMAND, OPEN_IMAGE_PICKER_COMMAND } from '../commands';
import { useOpenDraft } from '../openDraftStore';
import '../blocks/blocks.css';

/** The open menu: on which paragraph, what follows its `/`, whether it lists blocks or the sources to cite, which option is active. */
interface Menu {
  paragraph: NodeKey;
  query: string;
  mode: 'blocks' | 'sources';
  active: number;
}

interface Option {
  key: string;
  label: string;
  note?: string;
  disabled?: boolean;
}

/** The paragraph the caret is in when its whole text asks for the menu (a top-level paragraph of one text, caret at its end). */
function $slashParagraph(): { paragraph: NodeKey; text: NodeKey; query: string } | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return null;
  const text = selection.anchor.getNode();
  if (!$isTextNode(text) || selection.anchor.offset !== text.getTextContentSize()) return null;
  const paragraph = text.getParent();
  if (!$isParagraphNode(paragraph) || !paragraph.getParent()?.is($getRoot()) || paragraph.getChildrenSize() !== 1)
    return null;
  const query = slashQuery(text.getTextContent());
  return query === null ? null : { paragraph: paragraph.getKey(), text: text.getKey(), query };
}

const sourceLabel = (source: Source, index: number): string =>
  `${index + 1}. ${source.outlet || source.title || source.url || 'Untitled source'}`;

function optionsOf(menu: Menu, sources: readonly Source[]): Option[] {
  if (menu.mode === 'sources')
    return sources.map((source, index) => ({ key: source.id, label: sourceLabel(source, index), note: source.title }));
  return filterSlashBlocks(menu.query).map((block) =>
    block.id === 'citation' && sources.length === 0
      ? { key: block.id, label: block.label, note: 'add a source first', disabled: true }
      : { key: block.id, label: block.label },
  );
}

/** Clears the `/…` line, keeping the caret on it: a figure or citation comes in there. */
function $clearedLine(key: NodeKey): boolean {
  const paragraph = $getNodeByKey(key);
  if (!$isParagraphNode(paragraph)) return false;
  paragraph.clear();
  paragraph.select();
  return true;
}

/** Carries out the chosen option; answers the menu that follows (the sources, after Citation), or null when done. */
function choose(editor: LexicalEditor, menu: Menu, option: Option): Menu | null {
  if (option.disabled) return menu;
  if (menu.mode === 'sources') {
    editor.update(() => {
      if ($clearedLine(menu.paragraph)) editor.dispatchCommand(INSERT_CITATION_COMMAND, option.key);
    });
    return null;
  }
  const kind = option.key as SlashBlock['id'];
  if (kind === 'citation') return { ...menu, mode: 'sources', active: 0 };
  if (kind === 'figure') {
    editor.update(() => void $clearedLine(menu.paragraph), { discrete: true });
    editor.dispatchCommand(OPEN_IMAGE_PICKER_COMMAND, undefined);
    return null;
  }
  editor.update(() => {
    const paragraph = $getNodeByKey(menu.paragraph);
    if ($isParagraphNode(paragraph)) $insertSlashBlock(paragraph, kind);
  });
  return null;
}

/**
 * The block inserter: `/` typed at the start of an empty line opens a menu
 * of blocks (as Ghost's card menu and WordPress's inserter do). Typing
 * filters it, the arrows move through it, Enter, Tab or a click insert the
 * block in place of the "/…" text, and Escape closes it leaving the text as
 * typed. The text keeps the focus: the menu is the editor's listbox, its
 * active option named by the editor's aria-activedescendant.
 */
export function SlashInserterPlugin() {
  const [editor] = useLexicalComposerContext();
  const [menu, setMenuState] = useState<Menu | null>(null);
  // Keys may come before React renders the last change, so the handlers read this, not the state.
  const current = useRef<Menu | null>(null);
  const dismissed = useRef<NodeKey | null>(null);
  const sources = useOpenDraft((s) => s.sources);
  const id = useId();
  const listId = `${id}-blocks`;
  const optionId = (index: number): string => `${id}-option-${index}`;

  const setMenu = (next: Menu | null): void => {
    current.current = next;
    setMenuState(next);
  };

  useEffect(() => {
    const options = (): Option[] =>
      current.current ? optionsOf(current.current, useOpenDraft.getState().sources) : [];
    // A key is the menu's only while it shows options; otherwise it goes on to the editor.
    const move = (step: number) => (event: KeyboardEvent | null) => {
      const open = current.current;
      const count = options().length;
      if (!open || count === 0) return false;
      event?.preventDefault();
      setMenu({ ...open, active: (open.active + step + count) % count });
      return true;
    };
    const pick = (event: KeyboardEvent | null): boolean => {
      const open = current.current;
      const option = options()[open?.active ?? 0];
      if (!open || !option || event?.shiftKey) return false;
      event?.preventDefault();
      setMenu(choose(editor, open, option));
      return true;
    };
    return mergeRegister(
      editor.registerUpdateListener(({ editorState, dirtyLeaves, tags }) => {
        const found = editorState.read($slashParagraph);
        const open = current.current;
        if (!found) {
          dismissed.current = null;
          if (open) setMenu(null);
          return;
        }
        if (dismissed.current === found.paragraph) return;
        if (open?.paragraph === found.paragraph) {
          if (open.query !== found.query) setMenu({ ...open, query: found.query, mode: 'blocks', active: 0 });
          return;
        }
        // Only the writer's typing opens it: not the caret arriving on such a line, an undo, or another's edit.
        const typed = dirtyLeaves.has(found.text) && !tags.has('historic') && !tags.has('collaboration');
        setMenu(typed ? { paragraph: found.paragraph, query: found.query, mode: 'blocks', active: 0 } : null);
      }),
      editor.registerCommand(KEY_ARROW_DOWN_COMMAND, move(1), COMMAND_PRIORITY_HIGH),
      editor.registerCommand(KEY_ARROW_UP_COMMAND, move(-1), COMMAND_PRIORITY_HIGH),
      editor.registerCommand(KEY_ENTER_COMMAND, pick, COMMAND_PRIORITY_HIGH),
      editor.registerCommand(KEY_TAB_COMMAND, pick, COMMAND_PRIORITY_HIGH),
      editor.registerCommand(
        KEY_ESCAPE_COMMAND,
        (event) => {
          const open = current.current;
          if (!open) return false;
          event.preventDefault();
          dismissed.current = open.paragraph;
          setMenu(null);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(BLUR_COMMAND, () => (current.current && setMenu(null), false), COMMAND_PRIORITY_HIGH),
    );
  }, [editor]);

  const options = menu ? optionsOf(menu, sources) : [];
  const shown = options.length > 0;
  const active = menu ? Math.min(menu.active, options.length - 1) : -1;

  // The editor names the menu it controls and the option the arrows are on, as a combobox's input would.
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root || !shown) return;
    root.setAttribute('aria-controls', listId);
    root.setAttribute('aria-activedescendant', optionId(active));
    return () => {
      root.removeAttribute('aria-controls');
      root.removeAttribute('aria-activedescendant');
    };
  });

  const position = useMenuPosition(editor, shown ? (menu?.paragraph ?? null) : null);
  if (!menu || !shown) return null;
  return createPortal(
    <div
      className="cd-slash-menu"
      id={listId}
      role="listbox"
      aria-label={menu.mode === 'sources' ? 'Cite a source' : 'Insert a block'}
      style={position}
    >
      {options.map((option, index) => (
        <div
          key={option.key}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          aria-disabled={option.disabled}
          className={`cd-option${index === active ? ' is-active' : ''}${option.disabled ? ' is-disabled' : ''}`}
          // The text keeps the focus and its caret while the menu is clicked.
          onMouseDown={(e) => e.preventDefault()}
          onMouseEnter={() => setMenu({ ...menu, active: index })}
          onClick={() => setMenu(choose(editor, menu, option))}
        >
          <span className="cd-option-label">{option.label}</span>
          {option.note && <span className="cd-slash-note">{option.note}</span>}
        </div>
      ))}
    </div>,
    document.body,
  );
}

/** The menu's greatest height, as blocks.css caps it. */
const MENU_HEIGHT = 320;

/** Where the menu sits: under the `/…` line, in the viewport, following it as the page scrolls or the window resizes. */
function useMenuPosition(editor: LexicalEditor, paragraph: NodeKey | null): CSSProperties {
  const [position, setPosition] = useState<CSSProperties>({});
  useLayoutEffect(() => {
    if (paragraph === null) return;
    const place = (): void => {
      const line = editor.getElementByKey(paragraph)?.getBoundingClientRect();
      if (!line) return;
      // Above the line when there is more room there than below it (the last lines of a long window).
      const below = window.innerHeight - line.bottom;
      setPosition(
        below < MENU_HEIGHT && line.top > below
          ? { bottom: window.innerHeight - line.top + 4, left: line.left }
          : { top: line.bottom + 4, left: line.left },
      );
    };
    place();
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [editor, paragraph]);
  return position;
}
