import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  $getNodeByKey,
  $isTextNode,
  COMMAND_PRIORITY_LOW,
  HISTORY_PUSH_TAG,
  KEY_ESCAPE_COMMAND,
  type LexicalEditor,
} from 'lexical';
import { useCallback, useEffect, useRef, useState } from 'react';
import { houseStyleMatcher, type HouseStyleHit } from '../../../../common/style/houseStyle';
import { cleanWord } from '../../../../common/style/newsroomWords';
import { spellingWords, type SpellingWord } from '../../../../common/style/spellingWords';
import { messageOf } from '../../api';
import { $bodyParts, $replaceInBlock, blockRange, coveredRuns, type PiecePart } from '../../find/pieceParts';
import { chordOf, commandForChord } from '../../palette/keys';
import { currentPlatform } from '../../palette/platform';
import { usePieceCommand } from '../../palette/usePieceCommand';
import { useCheckRules } from '../../settings/checkRulesStore';
import { notifyError, useNotices } from '../../shell/notices';
import { SpellingMenu } from '../../spelling/SpellingMenu';
import { spellChecker } from '../../spelling/spellChecker';
import { useSpelling } from '../../spelling/spellingStore';
import { paragraphHits, type TextHit } from '../../spelling/textHits';
import '../../spelling/spelling.css';

/**
 * Spelling and house style in the text: words the dictionary (in a worker)
 * does not know and terms the house style avoids are underlined with the
 * CSS Custom Highlight API, so nothing enters the document. After each
 * pause only the paragraphs whose text changed are read again; a click on
 * an underline, or Ctrl/Cmd+. at one, offers what to do about it.
 */

/** The text is read again once the writer pauses this long: never between two keys. */
const SCAN_DELAY_MS = 300;
/** The longest a scan holds the thread at once. */
const SLICE_MS = 8;
const PLATFORM = currentPlatform();

type Block = Extract<PiecePart, { kind: 'block' }>;
interface Scanned {
  text: string;
  words: SpellingWord[];
  style: HouseStyleHit[];
}
interface Painted {
  hit: TextHit;
  range: Range;
}

function paint(painted: readonly Painted[]): void {
  CSS.highlights.set(
    'cd-spelling',
    new Highlight(...painted.filter((p) => p.hit.kind === 'spelling').map((p) => p.range)),
  );
  CSS.highlights.set(
    'cd-house-style',
    new Highlight(...painted.filter((p) => p.hit.kind === 'style').map((p) => p.range)),
  );
}

function clearPaint(): void {
  CSS.highlights.delete('cd-spelling');
  CSS.highlights.delete('cd-house-style');
}

const holds = (range: Range, x: number, y: number): boolean =>
  Array.from(range.getClientRects()).some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);

/** The underline at the caret, or else the next one after it. */
function atCaret(painted: readonly Painted[]): Painted | undefined {
  const selection = getSelection();
  if (!selection?.focusNode) return painted[0];
  const { focusNode, focusOffset } = selection;
  return (
    painted.find((p) => p.range.comparePoint(focusNode, focusOffset) === 0) ??
    painted.find((p) => p.range.comparePoint(focusNode, focusOffset) === -1) ??
    painted[0]
  );
}

/** Replaces a hit's words as one undo step, if the text there is still what was underlined; the caret goes after them. */
function replaceHit(editor: LexicalEditor, hit: TextHit, replacement: string): void {
  editor.update(
    () => {
      const part = $bodyParts().find((p): p is Block => p.kind === 'block' && p.key === hit.blockKey);
      if (!part || part.text.slice(hit.start, hit.end) !== hit.found) return;
      const first = coveredRuns(part, hit)[0];
      $replaceInBlock(part, [hit], replacement);
      const node = first ? $getNodeByKey(first.key) : null;
      if (first && $isTextNode(node)) node.select(first.start + replacement.length, first.start + replacement.length);
    },
    { tag: HISTORY_PUSH_TAG, discrete: true },
  );
  editor.focus();
}

async function addToNewsroomDictionary(word: string): Promise<void> {
  const rules = useCheckRules.getState();
  if (!rules.settings) await rules.load();
  const settings = useCheckRules.getState().settings;
  if (!settings) throw new Error(useCheckRules.getState().loadError ?? 'The check rules could not be read.');
  const clean = cleanWord(word);
  if (settings.dictionary.includes(clean)) return;
  await useCheckRules.getState().save({ ...settings, dictionary: [...settings.dictionary, clean] });
  useNotices.getState().push({ kind: 'info', message: `“${clean}” is in the newsroom dictionary now.` });
}

export function SpellingPlugin() {
  const [editor] = useLexicalComposerContext();
  const enabled = useSpelling((s) => s.enabled);
  const rules = useCheckRules((s) => s.settings);
  const painted = useRef<Painted[]>([]);
  const [menu, setMenu] = useState<{ hit: TextHit; at: DOMRect; byKeyboard: boolean } | null>(null);

  useEffect(() => {
    if (enabled && useCheckRules.getState().settings === null) void useCheckRules.getState().load();
  }, [enabled]);

  useEffect(() => {
    if (enabled && rules) spellChecker.setNewsroom(rules.dictionary);
  }, [enabled, rules]);

  // A dictionary that could not be built is said once, not met with silence (house style still works without it).
  useEffect(() => {
    if (!enabled) return;
    let told = false;
    const tell = (): void => {
      if (told || !spellChecker.failure) return;
      told = true;
      notifyError(spellChecker.failure);
    };
    tell();
    return spellChecker.subscribe(tell);
  }, [enabled]);

  useEffect(() => {
    if (!enabled) {
      painted.current = [];
      clearPaint();
      return;
    }
    const terms = rules?.houseStyle ?? [];
    const matchStyle = houseStyleMatcher(terms);
    const scanned = new Map<string, Scanned>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sliceTimer: ReturnType<typeof setTimeout> | undefined;

    // A scan reads the paragraphs in slices, giving the thread back between them, so a huge paste never freezes typing.
    let generation = 0;
    const scan = (): void => {
      const mine = ++generation;
      const blocks = editor
        .getEditorState()
        .read($bodyParts)
        .filter((p): p is Block => p.kind === 'block');
      const live = new Set<string>();
      const unasked: string[] = [];
      const next: Painted[] = [];
      let i = 0;
      const slice = (): void => {
        if (mine !== generation) return;
        const until = performance.now() + SLICE_MS;
        for (; i < blocks.length && performance.now() < until; i++) {
          const block = blocks[i]!;
          live.add(block.key);
          let seen = scanned.get(block.key);
          if (seen?.text !== block.text) {
            seen = { text: block.text, words: spellingWords(block.text), style: matchStyle(block.text) };
            scanned.set(block.key, seen);
          }
          for (const w of seen.words) if (spellChecker.isCorrect(w.word) === undefined) unasked.push(w.word);
          const hits = paragraphHits(
            block.key,
            block.text,
            seen.words,
            seen.style,
            terms,
            (w) => spellChecker.isCorrect(w) === false,
          );
          for (const hit of hits) {
            const range = blockRange(editor, block, hit);
            if (range) next.push({ hit, range });
          }
        }
        if (i < blocks.length) {
          sliceTimer = setTimeout(slice, 0);
          return;
        }
        for (const key of scanned.keys()) if (!live.has(key)) scanned.delete(key);
        spellChecker.check(unasked);
        painted.current = next;
        paint(next);
      };
      slice();
    };
    const later = (): void => {
      clearTimeout(timer);
      timer = setTimeout(scan, SCAN_DELAY_MS);
    };

    scan();
    const stop = [
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
        setMenu(null);
        later();
      }),
      spellChecker.subscribe(later),
    ];
    return () => {
      generation++;
      clearTimeout(timer);
      clearTimeout(sliceTimer);
      stop.forEach((s) => s());
      painted.current = [];
      clearPaint();
    };
  }, [editor, enabled, rules]);

  // A click on an underline opens its menu; a click anywhere else closes it. A right-click on one opens the same
  // menu instead of the system's, so spelling is offered the same way in Chromium and Electron.
  useEffect(() => {
    if (!enabled) return;
    const onClick = (event: MouseEvent): void => {
      const found = painted.current.find((p) => holds(p.range, event.clientX, event.clientY));
      if (found && event.type === 'contextmenu') event.preventDefault();
      if (found || event.type === 'click')
        setMenu(found ? { hit: found.hit, at: found.range.getBoundingClientRect(), byKeyboard: false } : null);
    };
    return editor.registerRootListener((root, previous) => {
      previous?.removeEventListener('click', onClick);
      previous?.removeEventListener('contextmenu', onClick);
      root?.addEventListener('click', onClick);
      root?.addEventListener('contextmenu', onClick);
    });
  }, [editor, enabled]);

  useEffect(() => {
    if (!menu) return;
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Element | null;
      if (!target?.closest('.cd-spelling-popup') && !editor.getRootElement()?.contains(target)) setMenu(null);
    };
    document.addEventListener('pointerdown', onPointer);
    const unregister = editor.registerCommand(
      KEY_ESCAPE_COMMAND,
      () => {
        setMenu(null);
        return true;
      },
      COMMAND_PRIORITY_LOW,
    );
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      unregister();
    };
  }, [editor, menu]);

  const openAtCaret = useCallback(() => {
    if (!useSpelling.getState().enabled) {
      useNotices
        .getState()
        .push({ kind: 'info', message: 'Spelling is off: turn it on in View › Spelling and house style.' });
      return;
    }
    const found = atCaret(painted.current);
    if (!found) {
      useNotices
        .getState()
        .push({ kind: 'info', message: 'Nothing in the text is underlined for spelling or house style.' });
      return;
    }
    found.range.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
    setMenu({ hit: found.hit, at: found.range.getBoundingClientRect(), byKeyboard: true });
  }, []);
  usePieceCommand('edit.spelling', openAtCaret);

  // The window takes the keys itself (keysInWindow), so they work where no menu bar does.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const chord = chordOf(event, PLATFORM);
      if (!chord || commandForChord(chord, PLATFORM, ['edit.spelling']) === undefined) return;
      event.preventDefault();
      openAtCaret();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openAtCaret]);

  if (!menu || !enabled) return null;
  return (
    <SpellingMenu
      hit={menu.hit}
      at={menu.at}
      focusFirst={menu.byKeyboard}
      onReplace={(replacement) => {
        setMenu(null);
        replaceHit(editor, menu.hit, replacement);
      }}
      onAddWord={() => {
        const word = menu.hit.kind === 'spelling' ? menu.hit.word : menu.hit.found;
        setMenu(null);
        editor.focus();
        addToNewsroomDictionary(word).catch((err: unknown) =>
          notifyError(`“${word}” was not added to the newsroom dictionary: ${messageOf(err)}`),
        );
      }}
      onClose={(refocus) => {
        setMenu(null);
        if (refocus) editor.focus();
      }}
    />
  );
}
