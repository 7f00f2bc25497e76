/**
 * Word does not paste lists as lists: each item is a paragraph styled
 * `mso-list:l0 level2 lfo1`, its bullet or number typed out in a span
 * styled `mso-list:Ignore`. This turns each run of such paragraphs back into
 * nested <ul>/<ol> before the paste is cleaned (cleaning drops the styles
 * that say where the lists are). The CSS object model does not keep
 * Word's own properties, so the raw style attribute is read.
 */

const LIST_ITEM = /mso-list:\s*(l\d+)\s+level(\d+)/i;
const MARKER = /mso-list:\s*ignore/i;
/** "1." "a)" "(iv)" "10." are numbers; "·", "o", "§", "–" are bullets. */
const ORDERED_MARKER = /^\(?([0-9]{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)]/i;

interface Item {
  paragraph: HTMLElement;
  level: number;
  ordered: boolean;
}

function itemOf(paragraph: HTMLElement): Item | null {
  const found = LIST_ITEM.exec(paragraph.getAttribute('style') ?? '');
  if (!found) return null;
  let ordered = false;
  for (const span of Array.from(paragraph.querySelectorAll('span'))) {
    if (!MARKER.test(span.getAttribute('style') ?? '')) continue;
    ordered = ORDERED_MARKER.test((span.textContent ?? '').trim());
    let emptied: Element | null = span.parentElement;
    span.remove();
    // The marker's wrappers (a Symbol-font span) are empty now.
    while (emptied && emptied !== paragraph && (emptied.textContent ?? '').trim() === '') {
      const parent: Element | null = emptied.parentElement;
      emptied.remove();
      emptied = parent;
    }
    break;
  }
  return { paragraph, level: Math.max(1, Number(found[2])), ordered };
}

function convertRun(doc: Document, items: Item[]): void {
  const first = items[0]!;
  const root = doc.createElement(first.ordered ? 'ol' : 'ul');
  first.paragraph.before(root);
  const stack: Array<{ level: number; list: HTMLElement }> = [{ level: first.level, list: root }];
  for (const item of items) {
    while (stack.length > 1 && item.level < stack[stack.length - 1]!.level) stack.pop();
    let top = stack[stack.length - 1]!;
    if (item.level > top.level) {
      let parentItem = top.list.lastElementChild;
      if (!parentItem) parentItem = top.list.appendChild(doc.createElement('li'));
      const nested = parentItem.appendChild(doc.createElement(item.ordered ? 'ol' : 'ul'));
      top = { level: item.level, list: nested };
      stack.push(top);
    }
    const li = doc.createElement('li');
    while (item.paragraph.firstChild) li.appendChild(item.paragraph.firstChild);
    top.list.appendChild(li);
    item.paragraph.remove();
  }
}

export function wordListsToLists(doc: Document): void {
  const paragraphs = Array.from(doc.body.querySelectorAll<HTMLElement>('p[style*="mso-list" i]'));
  let run: Item[] = [];
  for (const paragraph of paragraphs) {
    const previous = run[run.length - 1];
    if (previous && previous.paragraph.nextElementSibling !== paragraph) {
      convertRun(doc, run);
      run = [];
    }
    const item = itemOf(paragraph);
    if (item) run.push(item);
  }
  if (run.length > 0) convertRun(doc, run);
}
