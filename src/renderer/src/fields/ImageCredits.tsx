import { useEffect, useState } from 'react';
import type { FigureFields } from '../../../common/nodes/figure/figureJson';
import { messageOf } from '../api';
import { useFigureEditor } from '../editor/nodes/FigureView';
import { useOpenDraft } from '../editor/openDraftStore';
import { imageUrl } from '../shell/imageUrl';
import { LiveInput } from '../shell/LiveInput';
import { ErrorLine } from '../shell/Messages';
import { useImages, type ImageWords } from './imagesStore';

const FIELDS: Array<{ key: Exclude<keyof FigureFields, 'image'>; label: string }> = [
  { key: 'alt', label: 'Alt text' },
  { key: 'caption', label: 'Caption' },
  { key: 'credit', label: 'Credit' },
  { key: 'license', label: 'License' },
];

/**
 * A top image that is not (or no longer) a figure in the text: its words live
 * on the stored image, so they are edited there and saved when a field is left.
 */
function DetachedTopImage({ id, onRemove }: { id: string; onRemove: () => void }) {
  const [words, setWords] = useState<ImageWords | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    useImages
      .getState()
      .load(id)
      .then(
        (record) =>
          live &&
          setWords({ alt: record.alt, caption: record.caption, credit: record.credit, license: record.license }),
        (err: unknown) => live && setError(messageOf(err)),
      );
    return () => {
      live = false;
    };
  }, [id]);
  const save = (): void => {
    if (!words) return;
    useImages
      .getState()
      .update(id, words)
      .then(
        () => setError(null),
        (err: unknown) => setError(`Not saved: ${messageOf(err)}`),
      );
  };
  return (
    <li className="cd-image-item">
      <img src={imageUrl(id)} alt="" className="cd-thumb" />
      <div className="cd-image-fields">
        <div className="cd-image-title">
          Top image <span className="cd-help">(not in the text)</span>
          {words && !words.credit && <span className="cd-badge is-warning">No credit</span>}
          {words && !words.alt && <span className="cd-badge is-warning">No alt text</span>}
        </div>
        {words &&
          FIELDS.map((f) => (
            <label key={f.key} className="cd-field">
              <span className="cd-label">{f.label}</span>
              <input
                value={words[f.key]}
                onChange={(e) => setWords({ ...words, [f.key]: e.target.value })}
                onBlur={save}
                aria-invalid={(f.key === 'credit' || f.key === 'alt') && !words[f.key]}
              />
            </label>
          ))}
        <ErrorLine message={error} />
        <button type="button" className="cd-small-button" onClick={onRemove}>
          No top image
        </button>
      </div>
    </li>
  );
}

/** Every figure in the text and the top image, with their words; missing credit or alt text is flagged. */
export function ImageCredits() {
  const { figures, topImage, update } = useOpenDraft();
  const edit = useFigureEditor();
  const topInText = topImage !== null && figures.some((f) => f.image === topImage);
  return (
    <section className="cd-fields-section" aria-labelledby="cd-images-heading">
      <h2 id="cd-images-heading">Images</h2>
      {figures.length === 0 && (
        <p className="cd-help">No figures yet: use Figure in the toolbar, or drop or paste an image into the text.</p>
      )}
      <ul className="cd-image-list">
        {topImage !== null && !topInText && (
          <DetachedTopImage key={topImage} id={topImage} onRemove={() => update({ topImage: null })} />
        )}
        {figures.map((figure, index) => (
          <li key={figure.key} className="cd-image-item">
            <img src={imageUrl(figure.image)} alt="" className="cd-thumb" />
            <div className="cd-image-fields">
              <div className="cd-image-title">
                Figure {index + 1}
                {figure.image === topImage && <span className="cd-badge">Top image</span>}
                {!figure.credit && <span className="cd-badge is-warning">No credit</span>}
                {!figure.alt && <span className="cd-badge is-warning">No alt text</span>}
              </div>
              {FIELDS.map((f) => (
                <label key={f.key} className="cd-field">
                  <span className="cd-label">{f.label}</span>
                  <LiveInput
                    value={figure[f.key]}
                    onValue={(value) => edit(figure.key, { [f.key]: value })}
                    aria-invalid={(f.key === 'credit' || f.key === 'alt') && !figure[f.key]}
                  />
                </label>
              ))}
              <label className="cd-check">
                <input
                  type="checkbox"
                  checked={figure.image === topImage}
                  onChange={(e) => update({ topImage: e.target.checked ? figure.image : null })}
                />{' '}
                Top image
              </label>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
