import { DecoratorNode, type EditorConfig, type LexicalNode, type NodeKey, type SerializedLexicalNode, type Spread } from 'lexical';
import type { JSX } from 'react';
import type { FigureFields } from '../../../../common/lexical/nodes';
import { FigureView } from './FigureView';

export type SerializedFigureNode = Spread<FigureFields & { type: 'figure'; version: 1 }, SerializedLexicalNode>;

/**
 * A figure: an image from the store with alt text, caption, credit and
 * license. The words live in the node so they travel with the text into
 * exports and publishing.
 */
export class FigureNode extends DecoratorNode<JSX.Element> {
  __fields: FigureFields;

  static override getType(): string {
    return 'figure';
  }

  static override clone(node: FigureNode): FigureNode {
    return new FigureNode(node.__fields, node.__key);
  }

  /** Saved JSON is untrusted input: every field is read as a string or left empty. */
  static override importJSON(json: Parameters<typeof DecoratorNode.importJSON>[0]): FigureNode {
    const text = (key: keyof FigureFields): string => (typeof json[key] === 'string' ? json[key] : '');
    return new FigureNode({ image: text('image'), alt: text('alt'), caption: text('caption'), credit: text('credit'), license: text('license') });
  }

  constructor(fields: FigureFields, key?: NodeKey) {
    super(key);
    this.__fields = fields;
  }

  getFields(): FigureFields {
    return this.getLatest().__fields;
  }

  setFields(changes: Partial<Omit<FigureFields, 'image'>>): void {
    const writable = this.getWritable();
    writable.__fields = { ...writable.__fields, ...changes };
  }

  override exportJSON(): SerializedFigureNode {
    return { type: 'figure', version: 1, ...this.getLatest().__fields };
  }

  override createDOM(_config: EditorConfig): HTMLElement {
    const element = document.createElement('div');
    element.className = 'cd-figure-block';
    return element;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): false {
    return false;
  }

  override getTextContent(): string {
    return '';
  }

  override decorate(): JSX.Element {
    return <FigureView nodeKey={this.getKey()} fields={this.__fields} />;
  }
}

export function $createFigureNode(fields: FigureFields): FigureNode {
  return new FigureNode(fields);
}

export function $isFigureNode(node: LexicalNode | null | undefined): node is FigureNode {
  return node instanceof FigureNode;
}
