import { create } from 'zustand';
import { checkSettingsFrom, runCheck, type CheckProblem } from '../../../common/check';
import type { LexicalDocument } from '../../../common/lexical/document';
import { useOpenDraft } from '../editor/openDraftStore';
import { useCheckRules } from '../settings/checkRulesStore';
import { useReview } from './reviewStore';

/** How long the piece must stay still before the check runs again: a pause in typing, not every keystroke. */
export const CHECK_DELAY_MS = 400;

/**
 * The pre-publish check of the open piece as it is on screen, saved or not:
 * the same pure `runCheck` the workflow runs in main, over the editor's
 * document, the fields, the open notes and the desk's rules.
 * `LiveCheckPlugin` runs it again after each change.
 */
interface LiveCheckState {
  problems: CheckProblem[] | null;
  checkedAt: Date | null;
  /** Reads the editor's document; set by LiveCheckPlugin while a piece is open. */
  body: (() => LexicalDocument) | null;
  attach: (body: (() => LexicalDocument) | null) => void;
  run: () => void;
  /** Runs the check once the piece has been still for CHECK_DELAY_MS. */
  schedule: () => void;
}

let timer: ReturnType<typeof setTimeout> | undefined;

export const useLiveCheck = create<LiveCheckState>((set, get) => ({
  problems: null,
  checkedAt: null,
  body: null,

  attach: (body) => {
    clearTimeout(timer);
    set({ body, problems: null, checkedAt: null });
  },

  run: () => {
    clearTimeout(timer);
    const body = get().body;
    const draft = useOpenDraft.getState();
    if (!body || !draft.draftId) return;
    const openNotes = useReview.getState().notes.filter((n) => n.resolvedAt === null);
    const settings = useCheckRules.getState().settings ?? checkSettingsFrom(null);
    set({ problems: runCheck({ draft: { ...draft, body: body() }, openNotes }, settings), checkedAt: new Date() });
  },

  schedule: () => {
    clearTimeout(timer);
    timer = setTimeout(() => get().run(), CHECK_DELAY_MS);
  },
}));
