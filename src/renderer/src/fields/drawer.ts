/** Where the side pane stops being a column and becomes a drawer over the text: the same width as the media query in styles.css. */
export const DRAWER_QUERY = '(max-width: 899px)';

export const isDrawer = (): boolean => window.matchMedia(DRAWER_QUERY).matches;
