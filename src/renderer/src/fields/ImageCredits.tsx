import type { FigureFields } from '../../../common/lexical/nodes';
import { useFigureEditor } from '../editor/nodes/FigureView';
import { useOpenDraft } from '../editor/openDraftStore';
import { imageUrl } from '../shell/imageUrl';

const FIELDS: Array<{ key: Exclude<keyof FigureFields, 'image'>; label: string }> = [
  { key: 'alt', label: 'Alt text' },
  { key: 'caption', label: 'Caption' },
  { key: 'credit', label: 'Credit' },
  { key: 'license', label: 'License' },
];

/** Every figure in the text, with its words; missing credit or alt text is flagged. */
export function ImageCredits() {
  const { figures, topImage, update } = useOpenDraft();
  const edit = useFigureEditor();
  const topInText = topImage !== null && figures.some((f) => f.image === topImage);
  return (
    <section className="cd-fields-section" aria-labelledby="cd-images-heading">
      <h2 id="cd-images-heading">Images</h2>
      {figures.length === 0 && <p className="cd-help">No figures yet: use Figure in the toolbar, or drop or paste an image into the text.</p>}
      {topImage !== null && !topInText && <p className="cd-help">The top image is not in the text any more.</p>}
      <ul className="cd-image-list">
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
                  <input value={figure[f.key]} onChange={(e) => edit(figure.key, { [f.key]: e.target.value })} aria-invalid={(f.key === 'credit' || f.key === 'alt') && !figure[f.key]} />
                </label>
              ))}
              <label className="cd-check">
                <input type="checkbox" checked={figure.image === topImage} onChange={(e) => update({ topImage: e.target.checked ? figure.image : null })} /> Top image
              </label>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
