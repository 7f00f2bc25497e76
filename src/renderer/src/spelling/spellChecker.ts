import type { FromSpellWorker, ToSpellWorker } from './messages';

/**
 * The window's side of the spelling worker: what each word was found to be
 * (kept, so a word is asked about once however often it is typed), the
 * words still being checked, and suggestions on request. Listeners hear
 * when answers arrive, to paint them.
 */
export class SpellChecker {
  private worker: Worker | null = null;
  private readonly known = new Map<string, boolean>();
  private readonly asked = new Set<string>();
  private readonly suggestions = new Map<number, (words: string[]) => void>();
  private readonly listeners = new Set<() => void>();
  private nextId = 0;
  /** Answers to checks sent before this id predate the newsroom dictionary in force. */
  private currentFrom = 0;
  private newsroomKey = '';
  failure: string | null = null;

  /** True or false once the worker answered; undefined while it has not (the word is then asked about). */
  isCorrect(word: string): boolean | undefined {
    return this.known.get(word);
  }

  /** Asks the worker about the words it has not been asked about yet, in one message. */
  check(words: Iterable<string>): void {
    const fresh: string[] = [];
    for (const word of words) {
      if (this.known.has(word) || this.asked.has(word)) continue;
      this.asked.add(word);
      fresh.push(word);
    }
    if (fresh.length > 0) this.send({ kind: 'check', id: this.nextId++, words: fresh });
  }

  /** The newsroom dictionary changed: the worker learns the new list and every word is judged again. */
  setNewsroom(words: readonly string[]): void {
    const key = words.join('\n');
    if (key === this.newsroomKey) return;
    this.newsroomKey = key;
    this.send({ kind: 'newsroom', words: [...words] });
    this.known.clear();
    this.asked.clear();
    this.currentFrom = this.nextId;
    this.notify();
  }

  suggest(word: string): Promise<string[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.suggestions.set(id, resolve);
      this.send({ kind: 'suggest', id, word });
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }

  private send(message: ToSpellWorker): void {
    this.start().postMessage(message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./spellWorker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<FromSpellWorker>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      this.failure = `The spelling dictionary could not be loaded: ${event.message || 'the worker stopped'}.`;
      this.notify();
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromSpellWorker): void {
    switch (message.kind) {
      case 'ready':
        return;
      case 'failed':
        this.failure = `The spelling dictionary could not be loaded: ${message.message}`;
        return this.notify();
      case 'checked': {
        // Asked before the newsroom dictionary changed: that answer is out of date.
        if (message.id < this.currentFrom) return;
        const unknown = new Set(message.unknown);
        for (const word of message.words) {
          this.asked.delete(word);
          this.known.set(word, !unknown.has(word));
        }
        return this.notify();
      }
      case 'suggestions': {
        const resolve = this.suggestions.get(message.id);
        this.suggestions.delete(message.id);
        return resolve?.(message.suggestions);
      }
    }
  }
}

/** One worker for the window: the dictionary is built once, whichever piece is open. */
export const spellChecker = new SpellChecker();
