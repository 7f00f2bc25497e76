/** Whether a key went to the text, the headline or the dek: where the writer is when not in a pane, a bar or a dialog. */
export const inTheWriting = (target: EventTarget | null): boolean =>
  target instanceof Element && target.closest('.cd-body, .cd-headline, .cd-dek') !== null;
