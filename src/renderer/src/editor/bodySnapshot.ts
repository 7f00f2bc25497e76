import {
  $getRoot,
  $isElementNode,
  type EditorState,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
} from 'lexical';
import type { LexicalDocument, SerializedNode } from '../../../common/lexical/document';

/**
 * The editor's document as `EditorState.toJSON()` gives it, and as JSON
 * text, re-exporting only the top-level blocks that changed since the last
 * snapshot. Lexical never changes a committed node in place: an edit clones
 * the node it touches (not its parents), so a block whose node and every
 * descendant are the very objects exported last time has the same JSON.
 * Autosave, the word count and the live check read the body through this,
 * so after a keystroke in a 10,000-word piece they export one block, not
 * the whole document, and the autosave hands the transport one string.
 *
 * The objects handed out are shared between snapshots: readers must not change them.
 */

interface ExportedBlock {
  json: SerializedNode;
  /** `json` as text, made when first asked for. */
  text: string | null;
  /** The block's node and its descendants, in document order, as they were when `json` was made. */
  nodes: LexicalNode[];
}

interface Snapshot {
  state: EditorState;
  root: SerializedNode;
  blocks: ExportedBlock[];
  doc: LexicalDocument;
  text: string | null;
}

function subtree(node: LexicalNode, into: LexicalNode[]): LexicalNode[] {
  into.push(node);
  if ($isElementNode(node)) for (const child of node.getChildren()) subtree(child, into);
  return into;
}

function sameNodes(a: readonly LexicalNode[], b: readonly LexicalNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What Lexical's own export writes for one node and its children (none of our nodes has slots). */
function exportNode(node: LexicalNode): SerializedNode {
  const json = node.exportJSON() as unknown as SerializedNode;
  if ($isElementNode(node)) json.children = node.getChildren().map(exportNode);
  return json;
}

export class BodySnapshots {
  private byKey = new Map<NodeKey, ExportedBlock>();
  private last: Snapshot | null = null;

  private take(state: EditorState): Snapshot {
    if (this.last?.state === state) return this.last;
    const byKey = new Map<NodeKey, ExportedBlock>();
    const { root, blocks } = state.read(() => {
      const rootNode = $getRoot();
      const blocks = rootNode.getChildren().map((block) => {
        const nodes = subtree(block, []);
        const before = this.byKey.get(block.getKey());
        const entry =
          before !== undefined && sameNodes(before.nodes, nodes)
            ? before
            : { json: exportNode(block), text: null, nodes };
        byKey.set(block.getKey(), entry);
        return entry;
      });
      return { root: rootNode.exportJSON(), blocks };
    });
    this.byKey = byKey;
    const doc = { root: { ...root, children: blocks.map((b) => b.json) } } as LexicalDocument;
    this.last = { state, root, blocks, doc, text: null };
    return this.last;
  }

  /** The document as data. */
  document(state: EditorState): LexicalDocument {
    return this.take(state).doc;
  }

  /** The document as JSON text: the root's own fields, then its blocks' cached text. */
  text(state: EditorState): string {
    const snapshot = this.take(state);
    if (snapshot.text !== null) return snapshot.text;
    const fields = { ...snapshot.root };
    delete fields.children;
    const blocks = snapshot.blocks.map((b) => (b.text ??= JSON.stringify(b.json)));
    const head = JSON.stringify(fields).slice(0, -1);
    snapshot.text = `{"root":${head}${head.length > 1 ? ',' : ''}"children":[${blocks.join(',')}]}}`;
    return snapshot.text;
  }
}

const snapshots = new WeakMap<LexicalEditor, BodySnapshots>();

/** The one snapshot cache of an editor, shared by everything that reads its body. */
export function bodySnapshots(editor: LexicalEditor): BodySnapshots {
  let found = snapshots.get(editor);
  if (!found) snapshots.set(editor, (found = new BodySnapshots()));
  return found;
}
