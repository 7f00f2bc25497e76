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

/** Ctrl/Cmd+K: add, change or remove the link on the selected words; the address must be a web or mail address. */
export function LinkEditorPlugin() {
  const [editor] = useLexicalComposerContext();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [existing, setExisting] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          OPEN_LINK_EDITOR_COMMAND,
          () => {
            const current = editor.getEditorState().read(selectedLinkUrl);
            setExisting(current);
            setUrl(current || 'https://');
            setOpen(true);
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

  if (!open) return null;
  const trimmed = url.trim();
  const valid = isWebUrl(trimmed) || /^mailto:[^@\s]+@[^@\s]+$/.test(trimmed);
  const close = (): void => {
    setOpen(false);
    editor.focus();
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!valid) return;
    editor.dispatchCommand(TOGGLE_LINK_COMMAND, trimmed);
    close();
  };
  return (
    <form className="cd-link-editor" role="dialog" aria-label="Link" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <label>
        Link address
        <input ref={input} type="url" value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={!valid} aria-describedby="cd-link-help" />
      </label>
      <span id="cd-link-help" className={valid ? 'cd-help' : 'cd-help is-error'}>
        {valid ? 'A full web address, like https://example.org/page' : 'Not a web address: it must start with http:// or https://'}
      </span>
      <div className="cd-link-actions">
        <button type="submit" className="cd-button" disabled={!valid}>
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
  );
}
