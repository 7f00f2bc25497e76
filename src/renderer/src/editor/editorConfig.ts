import { HorizontalRuleNode } from '@lexical/react/LexicalHorizontalRuleNode';
import type { EditorThemeClasses, Klass, LexicalNode } from 'lexical';
import { HEADLESS_NODES } from '../../../common/nodes/headlessNodes';
import { CitationNode } from './nodes/CitationNode';
import { FigureNode } from './nodes/FigureNode';

/** The classes that draw a node in the window, by the type they share with their headless base. */
const VIEW_NODES = new Map<string, Klass<LexicalNode>>(
  [HorizontalRuleNode, FigureNode, CitationNode].map((klass) => [klass.getType(), klass]),
);

/**
 * Every node a Copydesk document may hold; a saved body with any other type
 * will not load. The headless list, with the view classes in place of their
 * bases (an editor registers one class per type).
 */
export const EDITOR_NODES: ReadonlyArray<Klass<LexicalNode>> = HEADLESS_NODES.map(
  (klass) => VIEW_NODES.get(klass.getType()) ?? klass,
);

export const EDITOR_THEME: EditorThemeClasses = {
  paragraph: 'cd-p',
  quote: 'cd-quote',
  heading: { h1: 'cd-h1', h2: 'cd-h2', h3: 'cd-h3', h4: 'cd-h4', h5: 'cd-h5', h6: 'cd-h6' },
  list: { ul: 'cd-ul', ol: 'cd-ol', listitem: 'cd-li', nested: { listitem: 'cd-li-nested' } },
  link: 'cd-link',
  mark: 'cd-note-mark',
  markOverlap: 'cd-note-mark is-overlap',
  // Colleagues' carets in a live shared piece (desk/liveCarets.css).
  collaboration: { cursor: 'cd-live-caret', cursorName: 'cd-live-caret-name' },
  text: {
    bold: 'cd-bold',
    italic: 'cd-italic',
    underline: 'cd-underline',
    strikethrough: 'cd-strike',
    underlineStrikethrough: 'cd-underline-strike',
    code: 'cd-code',
  },
};
