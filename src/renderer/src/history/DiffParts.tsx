/** The small pieces every change is drawn with: the old and new values, and the arrow between them. */

export function Value({ text, kind }: { text: string; kind: 'del' | 'ins' }) {
  if (text === '') return <span className="cd-diff-empty">(empty)</span>;
  return kind === 'del' ? <del>{text}</del> : <ins>{text}</ins>;
}

export function Arrow() {
  return (
    <span className="cd-diff-arrow">
      <span aria-hidden="true"> → </span>
      <span className="cd-sr-only"> now </span>
    </span>
  );
}
