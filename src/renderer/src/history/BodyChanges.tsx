import { useState } from 'react';
import type { BodyDiff, Piece } from '../../../common/history/compare';
import { plural, signed } from '../shell/format';

function Pieces({ pieces }: { pieces: Piece[] }) {
  return (
    <>
      {pieces.map((p, i) =>
        p.kind === 'ins' ? (
          <ins key={i}>{p.text}</ins>
        ) : p.kind === 'del' ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** What changed in the text since a version; unchanged runs fold away until asked for. */
export function BodyChanges({ diff }: { diff: BodyDiff }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  return (
    <div className="cd-diff-body-wrap">
      <h4 className="cd-rev-subhead">
        Text
        {diff.changed ? (
          <span className="cd-help">
            {' '}
            {signed(diff.wordsAdded)} / {signed(-diff.wordsRemoved)} words
          </span>
        ) : null}
      </h4>
      {diff.truncated && (
        <p className="cd-help cd-diff-truncated">
          This piece is long: only the first {diff.truncated.limit.toLocaleString()} words of each side are compared
          here (this version has {diff.truncated.oldWords.toLocaleString()}, the current text{' '}
          {diff.truncated.newWords.toLocaleString()}). Restoring brings back all of it.
        </p>
      )}
      {!diff.changed ? (
        <p className="cd-help">
          The text is the same as in this version{diff.truncated ? ' as far as it was compared' : ''}.
        </p>
      ) : (
        <div className="cd-diff-body">
          {diff.blocks.map((block, i) => {
            if (block.kind === 'same') return <p key={i}>{block.text}</p>;
            if (block.kind === 'changed')
              return (
                <p key={i} className="is-changed">
                  <Pieces pieces={block.pieces} />
                </p>
              );
            if (open.has(i)) return block.texts.map((text, j) => <p key={`${i}-${j}`}>{text}</p>);
            return (
              <p key={i} className="cd-diff-fold">
                <button type="button" className="cd-link-button" onClick={() => setOpen(new Set([...open, i]))}>
                  Show {plural(block.texts.length, 'unchanged paragraph')}
                </button>
              </p>
            );
          })}
        </div>
      )}
    </div>
  );
}
