import { DROPPED_ELEMENTS, keptAttributes } from './pasteSafety';

/**
 * Cleans a pasted HTML document in place, before the editor reads it: no
 * element that could run or load anything (DROPPED_ELEMENTS), no attribute
 * but those keptAttributes keeps.
 */
export function sanitizePastedDocument(doc: Document): void {
  doc.querySelectorAll(DROPPED_ELEMENTS.join(',')).forEach((element) => element.remove());
  doc.body.querySelectorAll('*').forEach((element) => {
    const style = (element as HTMLElement).style;
    const declarations: Array<[string, string]> = [];
    for (let i = 0; i < style.length; i++) declarations.push([style.item(i), style.getPropertyValue(style.item(i))]);
    const kept = keptAttributes({
      tagName: element.tagName,
      href: element.getAttribute('href'),
      id: element.id,
      style: declarations,
    });
    for (const name of element.getAttributeNames()) element.removeAttribute(name);
    for (const [name, value] of kept) element.setAttribute(name, value);
  });
}
