import { DecoratorNode, type LexicalNode, type NodeKey, type SerializedLexicalNode, type Spread } from 'lexical';
import type { JSX } from 'react';

export type SerializedCitationNode = Spread<{ type: 'citation'; version: 1; sourceId: string }, SerializedLexicalNode>;

/** An inline reference to one of the piece's sources, by the source's id. */
export class CitationNode extends DecoratorNode<JSX.Element> {
  __sourceId: string;

  static override getType(): string {
    return 'citation';
  }

  static override clone(node: CitationNode): CitationNode {
    return new CitationNode(node.__sourceId, node.__key);
  }

  static override importJSON(json: Parameters<typeof DecoratorNode.importJSON>[0]): CitationNode {
    return new CitationNode(typeof json.sourceId === 'string' ? json.sourceId : '');
  }

  constructor(sourceId: string, key?: NodeKey) {
    super(key);
    this.__sourceId = sourceId;
  }

  override exportJSON(): SerializedCitationNode {
    return { type: 'citation', version: 1, sourceId: this.getLatest().__sourceId };
  }

  override createDOM(): HTMLElement {
    const element = document.createElement('sup');
    element.className = 'cd-citation';
    return element;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): true {
    return true;
  }

  override getTextContent(): string {
    return '';
  }

  override decorate(): JSX.Element {
    return <span title={`Source ${this.__sourceId}`}>†</span>;
  }
}

export function $isCitationNode(node: LexicalNode | null | undefined): node is CitationNode {
  return node instanceof CitationNode;
}
