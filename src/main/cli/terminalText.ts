/**
 * What the command line prints comes partly from files and servers (a
 * headline, a CMS's error message, a file name); a terminal would obey any
 * control sequence inside it (ESC to move the cursor, retitle the window or
 * hide text; NUL, BEL, C1 CSI). Only line breaks and tabs pass.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** The ones JSON.stringify leaves raw. */
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/** `text` without terminal control characters (all of C0 but \n and \t, DEL, C1). */
export function forTerminal(text: string): string {
  return text.replace(CONTROLS, '');
}

/**
 * `value` as indented JSON that is safe to print and parses back to the same
 * value: JSON.stringify escapes C0 itself; DEL and C1 become \u escapes too.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
