/**
 * The preview frame's default stylesheet: a plain, readable article page as
 * a site's theme might set it — a serif body on a measure of about seventy
 * characters, the caption under each figure with its credit set apart, and
 * the footnotes smaller at the end. Light, whatever the app's own scheme,
 * since that is how most readers see a piece. Only system fonts: nothing
 * loads from the network.
 */
export const PREVIEW_STYLES = `
:root { color-scheme: light; }
html { background: #fff; color: #1a1a1a; }
body {
  margin: 0;
  padding: 32px 20px 64px;
  font-family: 'Iowan Old Style', Charter, Georgia, Cambria, 'Noto Serif', 'DejaVu Serif', serif;
  font-size: 19px;
  line-height: 1.6;
  overflow-wrap: break-word;
}
article { max-width: 70ch; margin: 0 auto; }
header { margin-bottom: 1.5em; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; margin: 1.4em 0 0.5em; }
h1 { font-size: 2.1em; margin-top: 0; }
h2 { font-size: 1.45em; }
h3 { font-size: 1.2em; }
.dek { font-size: 1.2em; color: #4a4a4a; margin: 0.4em 0; }
.byline {
  font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif;
  font-size: 0.8em;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: #555;
}
p { margin: 0 0 1em; }
a { color: #1a4f8a; }
blockquote { margin: 1.5em 0; padding-left: 1em; border-left: 3px solid #ccc; color: #333; font-style: italic; }
ul, ol { padding-left: 1.5em; }
li { margin-bottom: 0.3em; }
hr { border: none; border-top: 1px solid #ddd; margin: 2em 0; }
code { font-family: ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', monospace; font-size: 0.85em; background: #f3f3f3; padding: 0 0.2em; }
figure { margin: 1.5em 0; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; background: #eee; }
figcaption {
  margin-top: 0.5em;
  font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif;
  font-size: 0.75em;
  line-height: 1.45;
  color: #444;
}
figcaption .credit { font-size: 0.9em; text-transform: uppercase; letter-spacing: 0.03em; color: #767676; }
figure.top-image { margin: 0 0 2em; }
sup.footnote-ref { line-height: 0; font-size: 0.7em; }
sup.footnote-ref a { text-decoration: none; padding: 0 0.1em; }
.footnotes { margin-top: 3em; padding-top: 1em; border-top: 1px solid #ddd; font-size: 0.8em; color: #333; }
.footnotes p { margin: 0 0 0.4em; }
/* A phone's screen: the frame's own width, so the Phone choice gets these as a phone would. */
@media (max-width: 480px) {
  body { padding: 20px 16px 48px; font-size: 17px; }
  h1 { font-size: 1.7em; }
}
`;
