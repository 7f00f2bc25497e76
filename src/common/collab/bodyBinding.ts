import { createHeadlessEditor } from '@lexical/headless';
import {
  createBinding,
  syncLexicalUpdateToYjs,
  syncYjsChangesToLexical,
  type Binding,
  type Provider,
} from '@lexical/yjs';
import { $getRoot, COLLABORATION_TAG, type LexicalEditor } from 'lexical';
import type { Doc, Transaction, Text as YText, YEvent } from 'yjs';
import type { LexicalDocument } from '../lexical/document';
import { HEADLESS_NODES } from '../nodes/headlessNodes';
import { $reconcileElement } from './reconcileBody';

/**
 * A headless Lexical editor bound to a piece's Y.Doc exactly as the live
 * editor's CollaborationPlugin binds (`@lexical/yjs`, the `root` XmlText),
 * so main reads and writes the body through Lexical's own conversion. One
 * per doc, kept while the doc lives: building one and loading a long body
 * costs far more than the edits it then carries.
 */
interface BodyEditor {
  editor: LexicalEditor;
  binding: Binding;
  /** The transactions `writeBody` wrote in: the editor already holds what they changed. */
  own: WeakSet<Transaction>;
}

/** Main has no awareness, cursors or connection of its own: the binding is given a provider that does nothing. */
const nothing = (): void => {};
const NO_PROVIDER: Provider = {
  awareness: {
    getLocalState: () => null,
    getStates: () => new Map(),
    off: nothing,
    on: nothing,
    setLocalState: nothing,
    setLocalStateField: nothing,
  },
  connect: nothing,
  disconnect: nothing,
  off: nothing,
  on: nothing,
};

const BODY_ID = 'body';
const editors = new WeakMap<Doc, BodyEditor>();

function bodyEditor(doc: Doc): BodyEditor {
  const known = editors.get(doc);
  if (known) return known;
  const editor = createHeadlessEditor({
    namespace: 'copydesk-shared-body',
    nodes: [...HEADLESS_NODES],
    onError: (error) => {
      throw error;
    },
  });
  const binding = createBinding(editor, NO_PROVIDER, BODY_ID, doc, new Map([[BODY_ID, doc]]));
  const state: BodyEditor = { editor, binding, own: new WeakSet() };
  // What the doc already holds comes in as Lexical brings in a new element from Yjs (no event announces it).
  editor.update(
    () => {
      binding.root.syncPropertiesFromYjs(binding, null);
      binding.root.applyChildrenYjsDelta(
        binding,
        binding.root.getSharedType().toDelta() as Parameters<typeof binding.root.applyChildrenYjsDelta>[1],
      );
      binding.root.syncChildrenFromYjs(binding);
    },
    { discrete: true, skipTransforms: true, tag: COLLABORATION_TAG },
  );
  editor.registerUpdateListener(
    ({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
      syncLexicalUpdateToYjs(
        binding,
        NO_PROVIDER,
        prevEditorState,
        editorState,
        dirtyElements,
        dirtyLeaves,
        normalizedNodes,
        tags,
      );
    },
  );
  const fromYjs = (events: Array<YEvent<YText>>, transaction: Transaction): void => {
    if (transaction.origin === binding || state.own.has(transaction)) return;
    syncYjsChangesToLexical(binding, NO_PROVIDER, events, false, nothing);
  };
  binding.root.getSharedType().observeDeep(fromYjs);
  doc.once('destroy', () => {
    binding.root.getSharedType().unobserveDeep(fromYjs);
    editors.delete(doc);
  });
  editors.set(doc, state);
  return state;
}

/** The body as the doc holds it, in Lexical's saved JSON. */
export function readBody(doc: Doc): LexicalDocument {
  const { editor } = bodyEditor(doc);
  return editor.read(() => editor.getEditorState().toJSON()) as unknown as LexicalDocument;
}

/**
 * Writes a body into the doc as the smallest change, inside the caller's
 * transaction on it (so fields and body leave as one update).
 */
export function writeBody(doc: Doc, transaction: Transaction, body: LexicalDocument): void {
  const state = bodyEditor(doc);
  state.own.add(transaction);
  // Commit what came from Yjs first: merged into one update with this one, its tag would keep this change from Yjs.
  state.editor.read(nothing);
  state.editor.update(() => $reconcileElement($getRoot(), body.root), { discrete: true });
}
