/// <reference lib="dom" />

/** What a baseline page offers the benchmark: load a document (Lexical JSON for Lexical, HTML for the bare div). */
export interface BenchEditor {
  load(content: string): void;
}

/** Sets the measure to the width Copydesk's body has (?width=PX), so lines wrap alike. */
export function setMeasure(element: HTMLElement): void {
  const width = Number(new URLSearchParams(location.search).get('width'));
  if (width > 0) {
    element.style.maxWidth = 'none';
    element.style.width = `${width}px`;
  }
}
