import {
  $getDocument,
  DecoratorNode,
  type LexicalNode,
  type LexicalUpdateJSON,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import type { FigureFields } from './figureJson';

export type SerializedFigureNode = Spread<FigureFields & { type: 'figure'; version: 1 }, SerializedLexicalNode>;

const WORD_NAMES = ['alt', 'caption', 'credit', 'license'] as const satisfies ReadonlyArray<keyof FigureFields>;
const FIELD_NAMES = ['image', ...WORD_NAMES] as const;

/**
 * A figure: an image from the store with alt text, caption, credit and
 * license. The words live in the node so they travel with the text into
 * exports, publishing and the shared document. Each word is its own plain
 * `__` property with a default, because Lexical's collaboration rebuilds the
 * node with no arguments and syncs those properties one by one. No DOM, no
 * React: the renderer subclasses it for its view.
 */
export class FigureNode extends DecoratorNode<unknown> {
  __image = '';
  __alt = '';
  __caption = '';
  __credit = '';
  __license = '';

  override $config() {
    return this.config('figure', { extends: DecoratorNode });
  }

  /** Saved JSON is untrusted input: every field is read as a string or left empty. */
  override updateFromJSON(json: LexicalUpdateJSON<SerializedFigureNode>): this {
    const self = super.updateFromJSON(json).getWritable();
    const record = json as Record<string, unknown>;
    for (const name of FIELD_NAMES) {
      const value = record[name];
      self[`__${name}`] = typeof value === 'string' ? value : '';
    }
    return self;
  }

  override afterCloneFrom(prev: this): void {
    super.afterCloneFrom(prev);
    for (const name of FIELD_NAMES) this[`__${name}`] = prev[`__${name}`];
  }

  getFields(): FigureFields {
    const latest = this.getLatest();
    return {
      image: latest.__image,
      alt: latest.__alt,
      caption: latest.__caption,
      credit: latest.__credit,
      license: latest.__license,
    };
  }

  /** The words change; the image a figure shows never does (a new image is a new figure). */
  setFields(changes: Partial<Omit<FigureFields, 'image'>>): void {
    const writable = this.getWritable();
    for (const name of WORD_NAMES) {
      const value = changes[name];
      if (value !== undefined) writable[`__${name}`] = value;
    }
  }

  override exportJSON(): SerializedFigureNode {
    return { type: 'figure', version: 1, ...this.getFields() };
  }

  /** Only a rendering editor calls this; `$getDocument` is the editor's own document (or an iframe's). */
  override createDOM(): HTMLElement {
    const element = $getDocument().createElement('div');
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

  override decorate(): unknown {
    return null;
  }
}

export function $isFigureNode(node: LexicalNode | null | undefined): node is FigureNode {
  return node instanceof FigureNode;
}
