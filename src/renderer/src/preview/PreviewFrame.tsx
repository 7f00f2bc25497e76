import { useRef, type SyntheticEvent } from 'react';
import type { PreviewWidth } from './previewStore';

/**
 * The sandboxed frame the preview page is shown in. No script runs in it:
 * the sandbox leaves out `allow-scripts` (and the app's CSP, which a srcdoc
 * frame inherits, allows none inline). It keeps `allow-same-origin` for one
 * reason: a frame with an opaque origin cannot be read from here, and the
 * writer's place in the page is kept across refreshes by reading and
 * restoring the frame's scroll position; with no script inside, the frame
 * can do nothing with the origin itself.
 */
export function PreviewFrame({ page, width }: { page: string; width: PreviewWidth }) {
  const scrollY = useRef(0);

  const onLoad = (event: SyntheticEvent<HTMLIFrameElement>): void => {
    const view = event.currentTarget.contentWindow;
    if (!view) return;
    view.scrollTo(0, scrollY.current);
    view.addEventListener('scroll', () => {
      scrollY.current = view.scrollY;
    });
    view.document.addEventListener('click', (click) => followLink(view, click));
  };

  return (
    <iframe
      className={`cd-preview-frame is-${width}`}
      title="Preview"
      sandbox="allow-same-origin"
      srcDoc={page}
      onLoad={onLoad}
    />
  );
}

/**
 * A footnote's link (`#fn-1`) moves within the page, as it would on the
 * site; a srcdoc page resolves it against the app's address, so it is
 * followed here. A link out opens the way the editor's links do (the shell
 * sends it to the system browser), never inside the frame.
 */
function followLink(view: Window, click: MouseEvent): void {
  // The frame's nodes belong to its own window, so `instanceof Element` of this one would not recognise them.
  const target = click.target;
  const link = target && 'closest' in target ? (target as Element).closest('a[href]') : null;
  if (!link) return;
  click.preventDefault();
  const href = link.getAttribute('href') ?? '';
  if (href.startsWith('#')) view.document.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView();
  else window.open(href, '_blank', 'noopener,noreferrer');
}
