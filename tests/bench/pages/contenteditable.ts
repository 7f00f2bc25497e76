/// <reference lib="dom" />
import { setMeasure, type BenchEditor } from './shared';

/** The "bare contenteditable" baseline: a div the browser edits by itself, with no script on input. */
const root = document.getElementById('root')!;
setMeasure(root);
const editor = root.querySelector<HTMLElement>('.editor')!;
const api: BenchEditor = {
  load: (html) => {
    editor.innerHTML = html;
  },
};
(window as unknown as { __benchEditor: BenchEditor }).__benchEditor = api;
