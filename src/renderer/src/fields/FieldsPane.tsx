import { WordGoalField } from '../goal/WordGoalField';
import { ImageCredits } from './ImageCredits';
import { PieceFields } from './PieceFields';
import { SourcesField } from './SourcesField';

/** Everything about the piece that is not its text. */
export function FieldsPane() {
  return (
    <>
      <PieceFields />
      <WordGoalField />
      <SourcesField />
      <ImageCredits />
    </>
  );
}
