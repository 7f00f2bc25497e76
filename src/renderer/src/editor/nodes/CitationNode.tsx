import type { JSX } from 'react';
import { CitationNode as CitationNodeBase } from '../../../../common/nodes/citation/CitationNode';
import { useOpenDraft } from '../openDraftStore';

function CitationMark({ sourceId }: { sourceId: string }) {
  const number = useOpenDraft((s) => s.citationOrder.indexOf(sourceId) + 1);
  const source = useOpenDraft((s) => s.sources.find((x) => x.id === sourceId));
  const label = source
    ? [source.outlet, source.title].filter(Boolean).join(': ') || 'Untitled source'
    : 'This citation points to a source that was removed';
  return (
    <span
      className={source ? 'cd-citation-mark' : 'cd-citation-mark is-broken'}
      title={label}
      aria-label={`Citation ${number}: ${label}`}
    >
      {source ? number : '?'}
    </span>
  );
}

/** The citation as the editor shows it: the common node's source id, drawn as its number. */
export class CitationNode extends CitationNodeBase {
  override $config() {
    return this.config('citation', { extends: CitationNodeBase });
  }

  override decorate(): JSX.Element {
    return <CitationMark sourceId={this.getSourceId()} />;
  }
}

export function $createCitationNode(sourceId: string): CitationNode {
  return new CitationNode().setSourceId(sourceId);
}
