import { $isLinkNode } from '@lexical/link';
import {
  $isListNode,
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  ListNode,
  REMOVE_LIST_COMMAND,
} from '@lexical/list';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { INSERT_HORIZONTAL_RULE_COMMAND } from '@lexical/react/LexicalHorizontalRuleNode';
import {
  $createHeadingNode,
  $createQuoteNode,
  $isHeadingNode,
  $isQuoteNode,
  type HeadingTagType,
} from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $getNearestNodeOfType, mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  $isRootOrShadowRoot,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type TextFormatType,
} from 'lexical';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { INSERT_CITATION_COMMAND, OPEN_IMAGE_PICKER_COMMAND, OPEN_LINK_EDITOR_COMMAND } from './commands';
import { insertImageFiles } from './insertImageFiles';
import { useOpenDraft } from './openDraftStore';
import { START_NOTE_COMMAND } from './plugins/ReviewMarksPlugin';

type Block = 'paragraph' | 'h2' | 'h3' | 'h4' | 'quote' | 'bullet' | 'number' | 'other';

interface ToolbarState {
  block: Block;
  formats: Record<
    Exclude<TextFormatType, 'highlight' | 'subscript' | 'superscript' | 'lowercase' | 'uppercase' | 'capitalize'>,
    boolean
  >;
  link: boolean;
  hasSelection: boolean;
}

const MARKS = [
  { format: 'bold', label: 'Bold', key: 'Ctrl+B', text: 'B' },
  { format: 'italic', label: 'Italic', key: 'Ctrl+I', text: 'I' },
  { format: 'underline', label: 'Underline', key: 'Ctrl+U', text: 'U' },
  { format: 'strikethrough', label: 'Strikethrough', key: '', text: 'S' },
  { format: 'code', label: 'Inline code', key: '', text: '</>' },
] as const;

function readState(): ToolbarState | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return null;
  const anchor = selection.anchor.getNode();
  let element = anchor.getKey() === 'root' ? anchor : anchor.getTopLevelElement();
  if (element === null) element = anchor.getTopLevelElementOrThrow();
  let block: Block = 'other';
  if ($isListNode(element)) {
    const list = $getNearestNodeOfType(anchor, ListNode);
    block = (list ?? element).getListType() === 'number' ? 'number' : 'bullet';
  } else if ($isHeadingNode(element)) {
    const tag = element.getTag();
    block = tag === 'h2' || tag === 'h3' || tag === 'h4' ? tag : 'other';
  } else if ($isQuoteNode(element)) block = 'quote';
  else if (element.getType() === 'paragraph' || $isRootOrShadowRoot(element)) block = 'paragraph';
  const parent = anchor.getParent();
  return {
    block,
    formats: {
      bold: selection.hasFormat('bold'),
      italic: selection.hasFormat('italic'),
      underline: selection.hasFormat('underline'),
      strikethrough: selection.hasFormat('strikethrough'),
      code: selection.hasFormat('code'),
    },
    link: $isLinkNode(parent) || $isLinkNode(anchor),
    hasSelection: !selection.isCollapsed(),
  };
}

function sameState(a: ToolbarState | null, b: ToolbarState | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.block === b.block &&
    a.link === b.link &&
    a.hasSelection === b.hasSelection &&
    (Object.keys(a.formats) as Array<keyof ToolbarState['formats']>).every((f) => a.formats[f] === b.formats[f])
  );
}

/** The formatting bar: it shows the selection's state and acts on it. */
export function Toolbar() {
  const [editor] = useLexicalComposerContext();
  const [state, setState] = useState<ToolbarState | null>(null);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const shown = useRef<ToolbarState | null>(null);
  const sources = useOpenDraft((s) => s.sources);

  useEffect(
    () =>
      mergeRegister(
        // Only a change re-renders: a React commit while the caret is in the
        // body walks the whole contenteditable to save and restore the
        // selection, so a re-render on every keystroke costs O(document).
        editor.registerUpdateListener(({ editorState }) =>
          editorState.read(() => {
            const next = readState();
            if (sameState(shown.current, next)) return;
            shown.current = next;
            setState(next);
          }),
        ),
        editor.registerCommand(CAN_UNDO_COMMAND, (v) => (setCanUndo(v), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, (v) => (setCanRedo(v), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(
          OPEN_IMAGE_PICKER_COMMAND,
          () => (fileInput.current?.click(), true),
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  );

  const setBlock = (block: Block): void => {
    if (block === 'bullet')
      return void editor.dispatchCommand(
        state?.block === 'bullet' ? REMOVE_LIST_COMMAND : INSERT_UNORDERED_LIST_COMMAND,
        undefined,
      );
    if (block === 'number')
      return void editor.dispatchCommand(
        state?.block === 'number' ? REMOVE_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND,
        undefined,
      );
    editor.update(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return;
      if (block === 'quote')
        $setBlocksType(selection, () => (state?.block === 'quote' ? $createParagraphNode() : $createQuoteNode()));
      else if (block === 'paragraph') $setBlocksType(selection, () => $createParagraphNode());
      else $setBlocksType(selection, () => $createHeadingNode(block as HeadingTagType));
    });
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    await insertImageFiles(editor, files);
  };

  const blockValue =
    state?.block === 'bullet' || state?.block === 'number' || state?.block === 'other'
      ? 'paragraph'
      : (state?.block ?? 'paragraph');
  return (
    <div className="cd-toolbar" role="toolbar" aria-label="Formatting">
      <button
        type="button"
        className="cd-tool"
        aria-label="Undo (Ctrl+Z)"
        title="Undo (Ctrl+Z)"
        disabled={!canUndo}
        onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}
      >
        ↶
      </button>
      <button
        type="button"
        className="cd-tool"
        aria-label="Redo (Ctrl+Shift+Z)"
        title="Redo (Ctrl+Shift+Z)"
        disabled={!canRedo}
        onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}
      >
        ↷
      </button>
      <span className="cd-tool-sep" />
      <select
        className="cd-tool-select"
        aria-label="Paragraph style"
        value={blockValue}
        onChange={(e) => setBlock(e.target.value as Block)}
      >
        <option value="paragraph">Paragraph</option>
        <option value="h2">Heading 2</option>
        <option value="h3">Heading 3</option>
        <option value="h4">Heading 4</option>
        <option value="quote">Quote</option>
      </select>
      <span className="cd-tool-sep" />
      {MARKS.map((mark) => (
        <button
          key={mark.format}
          type="button"
          className={`cd-tool cd-tool-${mark.format}`}
          aria-label={mark.key ? `${mark.label} (${mark.key})` : mark.label}
          title={mark.key ? `${mark.label} (${mark.key})` : mark.label}
          aria-pressed={state?.formats[mark.format] ?? false}
          onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, mark.format)}
        >
          {mark.text}
        </button>
      ))}
      <button
        type="button"
        className="cd-tool"
        aria-label="Link (Ctrl+K)"
        title="Link (Ctrl+K)"
        aria-pressed={state?.link ?? false}
        onClick={() => editor.dispatchCommand(OPEN_LINK_EDITOR_COMMAND, undefined)}
      >
        Link
      </button>
      <span className="cd-tool-sep" />
      <button
        type="button"
        className="cd-tool"
        aria-label="Bulleted list"
        aria-pressed={state?.block === 'bullet'}
        onClick={() => setBlock('bullet')}
      >
        • List
      </button>
      <button
        type="button"
        className="cd-tool"
        aria-label="Numbered list"
        aria-pressed={state?.block === 'number'}
        onClick={() => setBlock('number')}
      >
        1. List
      </button>
      <button
        type="button"
        className="cd-tool"
        aria-label="Horizontal rule"
        onClick={() => editor.dispatchCommand(INSERT_HORIZONTAL_RULE_COMMAND, undefined)}
      >
        —
      </button>
      <span className="cd-tool-sep" />
      <button type="button" className="cd-tool" aria-label="Insert figure" onClick={() => fileInput.current?.click()}>
        Figure
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        multiple
        hidden
        aria-label="Choose an image file"
        onChange={(e) => void onFile(e)}
      />
      <button
        type="button"
        className="cd-tool"
        aria-label="Add a review note on the selected words"
        disabled={!state?.hasSelection}
        onClick={() => editor.dispatchCommand(START_NOTE_COMMAND, undefined)}
      >
        Note
      </button>
      <select
        className="cd-tool-select"
        aria-label="Cite a source"
        value=""
        disabled={sources.length === 0}
        onChange={(e) => e.target.value && editor.dispatchCommand(INSERT_CITATION_COMMAND, e.target.value)}
      >
        <option value="">{sources.length === 0 ? 'Cite (add a source first)' : 'Cite…'}</option>
        {sources.map((s, i) => (
          <option key={s.id} value={s.id}>
            {i + 1}. {s.outlet || s.title || s.url || 'Untitled source'}
          </option>
        ))}
      </select>
    </div>
  );
}
