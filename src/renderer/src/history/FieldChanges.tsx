import type { FieldChange } from '../../../common/history/compare';
import { Arrow, Value } from './DiffParts';
import { ImageLabel } from './ImageLabel';

/** What changed in the piece's fields since a version: text, lists, sources and the top image. */
export function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p className="cd-help">The fields are the same as in this version.</p>;
  return (
    <dl className="cd-diff-fields">
      {changes.map((change, i) => {
        switch (change.kind) {
          case 'text':
            return (
              <div key={i} className="cd-diff-field" data-field={change.label}>
                <dt>{change.label}</dt>
                <dd>
                  <Value text={change.before} kind="del" />
                  <Arrow />
                  <Value text={change.after} kind="ins" />
                  {change.note && <span className="cd-help cd-diff-note"> {change.note}</span>}
                </dd>
              </div>
            );
          case 'list':
            return (
              <div key={i} className="cd-diff-field" data-field={change.label}>
                <dt>{change.label}</dt>
                <dd>
                  <ul className="cd-diff-chips">
                    {change.removed.map((t) => (
                      <li key={`-${t}`} className="cd-diff-chip is-del">
                        <span className="cd-sr-only">removed: </span>
                        <del>{t}</del>
                      </li>
                    ))}
                    {change.added.map((t) => (
                      <li key={`+${t}`} className="cd-diff-chip is-ins">
                        <span className="cd-sr-only">added: </span>
                        <ins>{t}</ins>
                      </li>
                    ))}
                    {change.kept.map((t) => (
                      <li key={`=${t}`} className="cd-diff-chip">
                        {t}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            );
          case 'source':
            return (
              <div key={i} className="cd-diff-field" data-field="Source">
                <dt>
                  {change.change === 'added'
                    ? 'Source added'
                    : change.change === 'removed'
                      ? 'Source removed'
                      : 'Source changed'}
                </dt>
                <dd>
                  {change.change === 'removed' ? (
                    <del>{change.name}</del>
                  ) : change.change === 'added' ? (
                    <ins>{change.name}</ins>
                  ) : (
                    change.name
                  )}
                  {change.fields.length > 0 && (
                    <ul className="cd-diff-subfields">
                      {change.fields.map((f) => (
                        <li key={f.label}>
                          {f.label}: <Value text={f.before} kind="del" />
                          <Arrow />
                          <Value text={f.after} kind="ins" />
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            );
          case 'image':
            return (
              <div key={i} className="cd-diff-field" data-field="Top image">
                <dt>Top image</dt>
                <dd>
                  <ImageLabel id={change.before} kind="del" />
                  <Arrow />
                  <ImageLabel id={change.after} kind="ins" />
                </dd>
              </div>
            );
        }
      })}
    </dl>
  );
}
