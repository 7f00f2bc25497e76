import * as Y from 'yjs';

/**
 * The images a shared piece's document names (its figures and its top
 * image), read from the Yjs structure itself: no Lexical editor is bound to
 * the document, so the desk's server can ask this of a live document
 * without paying for it on every later keystroke.
 */

/** A figure is a decorator node: @lexical/yjs keeps it as an XmlElement whose attributes are its properties. */
function collect(text: Y.XmlText, into: Set<string>): void {
  for (const op of text.toDelta() as Array<{ insert: unknown }>) {
    const node = op.insert;
    if (node instanceof Y.XmlText) collect(node, into);
    else if (node instanceof Y.XmlElement && node.getAttribute('__type') === 'figure') {
      const image: unknown = node.getAttribute('__image');
      if (typeof image === 'string' && image) into.add(image);
    }
  }
}

export function imagesNamedBy(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  collect(doc.get('root', Y.XmlText), ids);
  const top = doc.getMap<unknown>('fields').get('topImage');
  if (typeof top === 'string' && top) ids.add(top);
  return ids;
}
