import type { TextMatchTransformer } from '@lexical/markdown';
import { $isCitationNode } from '../../../common/nodes/citation/CitationNode';
import { $createCitationNode, CitationNode } from './nodes/CitationNode';
import { useOpenDraft } from './openDraftStore';

/**
 * Typing `[^2]` cites the piece's second source, the way a footnote is
 * written in Markdown. A number with no such source stays as typed.
 */
export const CITATION_SHORTCUT: TextMatchTransformer = {
  type: 'text-match',
  dependencies: [CitationNode],
  importRegExp: /\[\^(\d+)\]/,
  regExp: /\[\^(\d+)\]$/,
  trigger: ']',
  export: (node) =>
    $isCitationNode(node)
      ? `[^${useOpenDraft.getState().sources.findIndex((s) => s.id === node.getSourceId()) + 1}]`
      : null,
  replace: (textNode, match) => {
    const source = useOpenDraft.getState().sources[Number(match[1]) - 1];
    if (source) textNode.replace($createCitationNode(source.id));
  },
};
