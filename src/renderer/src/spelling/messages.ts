/** What the window and the spelling worker say to each other. */

export type ToSpellWorker =
  /** The newsroom dictionary, whole: it replaces the words given before. */
  | { kind: 'newsroom'; words: string[] }
  | { kind: 'check'; id: number; words: string[] }
  | { kind: 'suggest'; id: number; word: string };

export type FromSpellWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  /** Of the words asked about, those the dictionaries do not know. */
  | { kind: 'checked'; id: number; words: string[]; unknown: string[] }
  | { kind: 'suggestions'; id: number; suggestions: string[] };
