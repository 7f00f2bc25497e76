import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalNodeSelection } from '@lexical/react/useLexicalNodeSelection';
import { $getNodeByKey, type NodeKey } from 'lexical';
import type { FigureFields } from '../../../../common/nodes/figure/figureJson';
import { imageUrl } from '../../shell/imageUrl';
import { LiveInput } from '../../shell/LiveInput';
import { useOpenDraft } from '../openDraftStore';
import { $isFigureNode } from '../../../../common/nodes/figure/FigureNode';
import { startFigureDrag } from '../blocks/figureDrag';

type Editable = Exclude<keyof FigureFields, 'image'>;

/** Updates one field of a figure in the document (the pane and the figure itself both use it). */
export function useFigureEditor(): (key: NodeKey, changes: Partial<Pick<FigureFields, Editable>>) => void {
  const [editor] = useLexicalComposerContext();
  return (key, changes) =>
    editor.update(() => {
      const node = $getNodeByKey(key);
      if ($isFigureNode(node)) node.setFields(changes);
    });
}

/**
 * A figure in the text: the picture, and its caption and credit editable in
 * place. Clicking the picture selects the figure (FigurePlugin decides where
 * typing then goes), and the editor keeps the focus so no keystroke is lost.
 */
export function FigureView({ nodeKey, fields }: { nodeKey: NodeKey; fields: FigureFields }) {
  const [editor] = useLexicalComposerContext();
  const edit = useFigureEditor();
  const [isSelected, setSelected, clearSelection] = useLexicalNodeSelection(nodeKey);
  const isTop = useOpenDraft((s) => s.topImage === fields.image);
  const setTop = useOpenDraft((s) => s.update);
  const select = (): void => {
    editor.getRootElement()?.focus({ preventScroll: true });
    clearSelection();
    setSelected(true);
  };
  return (
    <figure className={isSelected ? 'cd-figure is-selected' : 'cd-figure'} data-image={fields.image}>
      {/* Dragged to move the figure between blocks (FigureDragPlugin); a click selects it for Alt+Shift+Up/Down. */}
      <button
        type="button"
        className="cd-figure-handle"
        aria-label="Move figure"
        title="Drag to move the figure, or click it and press Alt+Shift+Up or Down"
        draggable
        onDragStart={(e) => startFigureDrag(e, editor.getKey(), nodeKey)}
        onClick={select}
      >
        ⠿
      </button>
      <img src={imageUrl(fields.image)} alt={fields.alt} onClick={select} draggable={false} />
      <figcaption>
        <LiveInput
          className="cd-figure-caption"
          aria-label="Caption"
          placeholder="Caption"
          value={fields.caption}
          onValue={(caption) => edit(nodeKey, { caption })}
        />
        <LiveInput
          className="cd-figure-credit"
          aria-label="Credit"
          placeholder="Credit (e.g. NAME/Pool via REUTERS)"
          value={fields.credit}
          onValue={(credit) => edit(nodeKey, { credit })}
        />
      </figcaption>
      <div className="cd-figure-flags">
        {!fields.alt && <span className="cd-flag">No alt text</span>}
        {!fields.credit && <span className="cd-flag">No credit</span>}
        <label className="cd-figure-top">
          <input
            type="checkbox"
            checked={isTop}
            onChange={(e) => setTop({ topImage: e.target.checked ? fields.image : null })}
          />{' '}
          Top image
        </label>
      </div>
    </figure>
  );
}
