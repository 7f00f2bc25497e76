import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { $getSelection, $isRangeSelection, COMMAND_PRIORITY_NORMAL, KEY_MODIFIER_COMMAND } from 'lexical';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isWebUrl } from '../../../../common/domain';
import { OPEN_LINK_EDITOR_COMMAND } from '../commands';

function selectedLinkUrl(): string {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return '';
  const node = selection.anchor.getNode();
  const link = $isLinkNode(node) ? node : node.getParent();
  return $isLinkNode(link) ? link.getURL() : '';
}

/**
 * The web address on the clipboard, or '' when it holds something else or
 * cannot be read (no permission, no focus, no clipboard API): the dialog
 * then simply opens empty, with nothing said about the clipboard.
 */
async function copiedWebAddress(): Promise<string> {
  try {
    const text = (await navigator.clipboard.readText()).trim();
    return !/\s/.test(text) && isWebUrl(text) ? text : '';
  } catch {
    return '';
  }
}

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

const DIALOG_WIDTH = 460;
/** About the dialog's height with its error line: enough to tell whether it fits under the words. */
const DIALOG_HEIGHT = 170;

/** Where the selected words are on screen: one box per line they cover. */
function selectedBoxes(): Box[] {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0) return [];
  return [...selection.getRangeAt(0).getClientRects()]
    .filter((r) => r.width > 0)
    .map((r) => ({
      top: r.top,
      left: r.left,
      width: r.width,
      height: r.height,
    }));
}

/**
 * Ctrl/Cmd+K: add, change or remove the link on the selected words; the
 * address must be a web or mail address, said when the writer submits. The
 * dialog opens just under the words, as Ghost's and Google Docs' do, and the
 * words stay highlighted while the focus is in the dialog. A new link starts
 * from the web address on the clipboard, selected, as Google Docs' does.
 */
export function LinkEditorPlugin() {
  const [editor] = useLexicalComposerContext();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [existing, setExisting] = useState('');
  const [refused, setRefused] = useState(false);
  const [words, setWords] = useState<Box[]>([]);
  const [copied, setCopied] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // Which opening of the dialog a clipboard read belongs to: a late answer must not fill a later dialog.
  const opening = useRef(0);

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          OPEN_LINK_EDITOR_COMMAND,
          () => {
            const current = editor.getEditorState().read(selectedLinkUrl);
            setExisting(current);
            setUrl(current);
            setRefused(false);
            setWords(selectedBoxes());
            setCopied('');
            setOpen(true);
            const mine = ++opening.current;
            if (!current) {
              void copiedWebAddress().then((address) => {
                if (!address || mine !== opening.current) return;
                // Only into an untouched field: what the writer started typing wins.
                setUrl((typed) => (typed === '' ? address : typed));
                setCopied(address);
              });
            }
            return true;
          },
          COMMAND_PRIORITY_NORMAL,
        ),
        editor.registerCommand(
          KEY_MODIFIER_COMMAND,
          (event) => {
            if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey)) return false;
            event.preventDefault();
            return editor.dispatchCommand(OPEN_LINK_EDITOR_COMMAND, undefined);
          },
          COMMAND_PRIORITY_NORMAL,
        ),
      ),
    [editor],
  );

  useEffect(() => {
    if (open) input.current?.select();
  }, [open]);

  // The copied address arrives selected, so typing replaces it and Enter accepts it.
  useEffect(() => {
    if (copied && input.current?.value === copied) input.current.select();
  }, [copied]);

  if (!open) return null;
  const trimmed = url.trim();
  const valid = isWebUrl(trimmed) || /^mailto:[^@\s]+@[^@\s]+$/.test(trimmed);
  const close = (): void => {
    opening.current++;
    setOpen(false);
    editor.focus();
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!valid) {
      setRefused(true);
      input.current?.focus();
      return;
    }
    editor.dispatchCommand(TOGGLE_LINK_COMMAND, trimmed);
    close();
  };
  const last = words.at(-1);
  const place = last
    ? {
        // Under the words, or above them when there is no room left below.
        top:
          last.top + last.height + 8 + DIALOG_HEIGHT <= window.innerHeight
            ? last.top + last.height + 8
            : Math.max(8, words[0]!.top - DIALOG_HEIGHT - 8),
        left: Math.max(8, Math.min(last.left, window.innerWidth - Math.min(DIALOG_WIDTH, window.innerWidth * 0.9) - 8)),
      }
    : undefined;
  return (
    <>
      {words.map((box, i) => (
        <div key={i} className="cd-link-words" style={box} aria-hidden="true" />
      ))}
      <form
        className={place ? 'cd-link-editor is-placed' : 'cd-link-editor'}
        style={place}
        role="dialog"
        noValidate
        aria-label="Link"
        onSubmit={submit}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <label>
          Link address
          <input
            ref={input}
            type="url"
            value={url}
            placeholder="https://example.org/page"
            onChange={(e) => {
              setUrl(e.target.value);
              setRefused(false);
            }}
            aria-invalid={refused}
            aria-describedby="cd-link-help"
          />
        </label>
        <span
          id="cd-link-help"
          className={refused ? 'cd-help is-error' : 'cd-help'}
          role={refused ? 'alert' : undefined}
        >
          {refused
            ? 'Not a web address: it must start with http:// or https://'
            : 'A full web address, like https://example.org/page'}
        </span>
        <div className="cd-link-actions">
          <button type="submit" className="cd-button">
            {existing ? 'Update link' : 'Add link'}
          </button>
          {existing && (
            <button
              type="button"
              className="cd-button is-quiet"
              onClick={() => {
                editor.dispatchCommand(TOGGLE_LINK_COMMAND, null);
                close();
              }}
            >
              Remove link
            </button>
          )}
          <button type="button" className="cd-button is-quiet" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}
