import { ImageCredits } from './ImageCredits';
import { PieceFields } from './PieceFields';
import { SourcesField } from './SourcesField';

/** The right-hand pane: everything about the piece that is not its text. */
export function FieldsPane({ onClose }: { onClose: () => void }) {
  return (
    <aside className="cd-fields" aria-label="Piece fields">
      <div className="cd-fields-head">
        <span>Fields</span>
        <button type="button" className="cd-icon-button" aria-label="Hide the fields pane" onClick={onClose}>
          ⟩
        </button>
      </div>
      <PieceFields />
      <SourcesField />
      <ImageCredits />
    </aside>
  );
}
