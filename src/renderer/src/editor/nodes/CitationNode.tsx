import { DecoratorNode, type LexicalNode, type NodeKey, type SerializedLexicalNode, type Spread } from 'lexical';
import type { JSX } from 'react';
import { useOpenDraft } from '../openDraftStore';

export type SerializedCitationNode = Spread<{ type: 'citation'; version: 1; sourceId: string }, SerializedLexicalNode>;

function CitationMark({ sourceId }: { sourceId: string }) {
  const number = useOpenDraft((s) => s.citationOrder.indexOf(sourceId) + 1);
  const source = useOpenDraft((s) => s.sources.find((x) => x.id === sourceId));
  const label = source ? [source.outlet, source.title].filter(Boolean).join(': ') || 'Untitled source' : 'This citation points to a source that was removed';
  return (
    <span className={source ? 'cd-citation-mark' : 'cd-citation-mark is-broken'} title={label} aria-label={`Citation ${number}: ${label}`}>
      {source ? number : '?'}
    </span>
  );
}

/**
 * An inline reference to one of the piece's sources. It stores only the
 * source's id; its number comes from its position among the citations.
 */
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

  getSourceId(): string {
    return this.getLatest().__sourceId;
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
    return <CitationMark sourceId={this.__sourceId} />;
  }
}

export function $createCitationNode(sourceId: string): CitationNode {
  return new CitationNode(sourceId);
}

export function $isCitationNode(node: LexicalNode | null | undefined): node is CitationNode {
  return node instanceof CitationNode;
}
