import { useEffect } from 'react';
import { useImages } from '../fields/imagesStore';
import { imageUrl } from '../shell/imageUrl';
import { Value } from './DiffParts';

/** A top image as an editor recognises it: a thumbnail and its caption or alt text and credit. */
export function ImageLabel({ id, kind }: { id: string | null; kind: 'del' | 'ins' }) {
  const record = useImages((s) => (id === null ? undefined : s.records[id]));
  useEffect(() => {
    // Without its record the image is still named by its id: nothing to report.
    if (id !== null)
      useImages
        .getState()
        .load(id)
        .catch(() => undefined);
  }, [id]);
  if (id === null) return <span className="cd-diff-empty">(none)</span>;
  const text = record
    ? [record.caption || record.alt || 'Untitled image', record.credit && `(${record.credit})`]
        .filter(Boolean)
        .join(' ')
    : `image ${id.slice(0, 8)}`;
  return (
    <span className={`cd-diff-image is-${kind}`}>
      <img src={imageUrl(id)} alt="" width={40} height={28} />
      <Value text={text} kind={kind} />
    </span>
  );
}
