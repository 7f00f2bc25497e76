import type { ContextMenuParams, MenuItemConstructorOptions, WebContents } from 'electron';
import { commandSpec, type CommandId } from '../../common/commands';
import { isExternalWebLink } from './security';

/**
 * The right-click menu in the editor and the inputs, decided from the
 * params of Electron's `context-menu` event: spelling first, then the link
 * under the pointer, then editing. window.ts shows it.
 */

/** Chromium offers a handful; more than this makes the menu a list to read. */
const MAX_SUGGESTIONS = 6;

export type ContextParams = Pick<
  ContextMenuParams,
  'isEditable' | 'selectionText' | 'linkURL' | 'misspelledWord' | 'dictionarySuggestions' | 'editFlags'
>;

export interface ContextActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
  openExternal(url: string): void;
  copyText(text: string): void;
  toWindow(command: CommandId): void;
}

const separated = (...groups: MenuItemConstructorOptions[][]): MenuItemConstructorOptions[] =>
  groups
    .filter((group) => group.length > 0)
    .flatMap((group, i) => (i === 0 ? group : [{ type: 'separator' as const }, ...group]));

function roleItem(id: CommandId, enabled: boolean): MenuItemConstructorOptions {
  const spec = commandSpec(id);
  if (typeof spec.runs !== 'object') throw new Error(`${id} is not carried out by a role`);
  return { label: spec.label, role: spec.runs.role, enabled };
}

function spelling(params: ContextParams, actions: ContextActions): MenuItemConstructorOptions[] {
  const word = params.misspelledWord;
  if (!params.isEditable || !word) return [];
  const suggestions = params.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
  return [
    ...(suggestions.length > 0
      ? suggestions.map((suggestion): MenuItemConstructorOptions => ({
          label: suggestion,
          click: () => actions.replaceMisspelling(suggestion),
        }))
      : [{ label: 'No spelling suggestions', enabled: false }]),
    { label: `Add “${word}” to dictionary`, click: () => actions.addToDictionary(word) },
  ];
}

function link(params: ContextParams, actions: ContextActions): MenuItemConstructorOptions[] {
  const url = params.linkURL;
  if (!url) return [];
  return [
    ...(isExternalWebLink(url) ? [{ label: 'Open link in browser', click: () => actions.openExternal(url) }] : []),
    { label: 'Copy link address', click: () => actions.copyText(url) },
    ...(params.isEditable ? [{ label: 'Edit link…', click: () => actions.toWindow('edit.link') }] : []),
  ];
}

function editing(params: ContextParams): MenuItemConstructorOptions[] {
  const flags = params.editFlags;
  if (params.isEditable) {
    return [
      roleItem('edit.cut', flags.canCut),
      roleItem('edit.copy', flags.canCopy),
      roleItem('edit.paste', flags.canPaste),
      roleItem('edit.pastePlain', flags.canPaste),
      roleItem('edit.selectAll', flags.canSelectAll),
    ];
  }
  return params.selectionText.trim() ? [roleItem('edit.copy', flags.canCopy)] : [];
}

/** The items for one right-click; none means no menu at all. */
export function contextMenuTemplate(params: ContextParams, actions: ContextActions): MenuItemConstructorOptions[] {
  return separated(spelling(params, actions), link(params, actions), editing(params));
}

/** Shows the menu on every right-click in the window's contents. */
export function listenForContextMenu(
  contents: Pick<WebContents, 'on'>,
  actions: ContextActions,
  popup: (template: MenuItemConstructorOptions[]) => void,
): void {
  contents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, actions);
    if (template.length > 0) popup(template);
  });
}
