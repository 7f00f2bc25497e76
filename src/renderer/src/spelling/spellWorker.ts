import nspell from 'nspell';
import aff from 'dictionary-en-files/index.aff?raw';
import dic from 'dictionary-en-files/index.dic?raw';
import type { FromSpellWorker, ToSpellWorker } from './messages';

/**
 * The spelling checker, off the window's thread: nspell over dictionary-en
 * (bundled as text, so it works offline and the same in Chromium and
 * Electron), plus the newsroom dictionary. Building the dictionary takes a
 * second or two; messages that arrive meanwhile wait for it.
 */

const reply = (message: FromSpellWorker): void => postMessage(message);

let spell: ReturnType<typeof nspell> | null = null;
/** Newsroom words this worker added (ones the English dictionary lacked), so a new list can take them out again. */
let added: string[] = [];

function setNewsroom(words: readonly string[]): void {
  if (!spell) return;
  for (const word of added) spell.remove(word);
  added = words.filter((w) => !spell!.correct(w));
  for (const word of added) spell.add(word);
}

const waiting: ToSpellWorker[] = [];

function handle(message: ToSpellWorker): void {
  if (!spell) {
    waiting.push(message);
    return;
  }
  switch (message.kind) {
    case 'newsroom':
      return setNewsroom(message.words);
    case 'check':
      return reply({
        kind: 'checked',
        id: message.id,
        words: message.words,
        unknown: message.words.filter((w) => !spell!.correct(w)),
      });
    case 'suggest':
      return reply({ kind: 'suggestions', id: message.id, suggestions: spell.suggest(message.word).slice(0, 6) });
  }
}

addEventListener('message', (event: MessageEvent<ToSpellWorker>) => handle(event.data));

try {
  spell = nspell(aff, dic);
  reply({ kind: 'ready' });
  waiting.splice(0).forEach(handle);
} catch (err) {
  reply({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
