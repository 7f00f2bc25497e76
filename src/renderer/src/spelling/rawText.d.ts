/** A file bundled as its text (Vite's `?raw`): the spelling dictionary's two files. */
declare module '*?raw' {
  const text: string;
  export default text;
}
