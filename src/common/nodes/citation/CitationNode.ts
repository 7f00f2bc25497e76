import {
  $getDocument,
  DecoratorNode,
  type LexicalNode,
  type LexicalUpdateJSON,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';

export type SerializedCitationNode = Spread<{ type: 'citation'; version: 1; sourceId: string }, SerializedLexicalNode>;

/**
 * An inline reference to one of the piece's sources. It stores only the
 * source's id (a plain `__` property with a default, so Lexical's
 * collaboration can rebuild it with no arguments); its number comes from its
 * position among the citations. No DOM, no React: the renderer subclasses it
 * for its view.
 */
export class CitationNode extends DecoratorNode<unknown> {
  __sourceId = '';

  override $config() {
    return this.config('citation', { extends: DecoratorNode });
  }

  /** Saved JSON is untrusted input: a source id that is not a string is left empty. */
  override updateFromJSON(json: LexicalUpdateJSON<SerializedCitationNode>): this {
    const self = super.updateFromJSON(json).getWritable();
    const sourceId = (json as Record<string, unknown>).sourceId;
    self.__sourceId = typeof sourceId === 'string' ? sourceId : '';
    return self;
  }

  override afterCloneFrom(prev: this): void {
    super.afterCloneFrom(prev);
    this.__sourceId = prev.__sourceId;
  }

  getSourceId(): string {
    return this.getLatest().__sourceId;
  }

  setSourceId(sourceId: string): this {
    const self = this.getWritable();
    self.__sourceId = sourceId;
    return self;
  }

  override exportJSON(): SerializedCitationNode {
    return { type: 'citation', version: 1, sourceId: this.getSourceId() };
  }

  /** Only a rendering editor calls this; `$getDocument` is the editor's own document. */
  override createDOM(): HTMLElement {
    const element = $getDocument().createElement('sup');
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

  override decorate(): unknown {
    return null;
  }
}

export function $isCitationNode(node: LexicalNode | null | undefined): node is CitationNode {
  return node instanceof CitationNode;
}
