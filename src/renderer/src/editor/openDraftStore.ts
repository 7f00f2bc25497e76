import type { NodeKey } from 'lexical';
import { create } from 'zustand';
import type { SavedFields } from '../../../common/api';
import {
  emptyPieceFields,
  isWebUrl,
  PIECE_FIELDS,
  SLUG_PATTERN,
  type Draft,
  type DraftStatus,
  type PieceFields,
} from '../../../common/domain';
import type { FigureFields } from '../../../common/nodes/figure/figureJson';
import { pick } from '../../../common/pick';
import { readPieceDate } from '../../../common/pieceDate';
import { slugify } from '../../../common/slug';
import type { SaveChanges, SaveController } from './saveController';

/**
 * The open piece's fields (everything but the body text) and two indexes
 * derived from the body: which sources are cited in what order, and which
 * figures it holds. The body itself lives only in Lexical.
 */

export interface FigureEntry extends FigureFields {
  key: NodeKey;
}

interface OpenDraftState extends PieceFields {
  draftId: string | null;
  status: DraftStatus;
  controller: SaveController | null;
  /** Source ids in order of first citation: a citation's number is its index + 1. */
  citationOrder: string[];
  citationCounts: Record<string, number>;
  figures: FigureEntry[];
  /** Review note id → the keys of the marks that anchor it; a note with none is detached. */
  markKeys: Record<string, NodeKey[]>;
  open: (draft: SavedFields, controller: SaveController) => void;
  close: (controller: SaveController) => void;
  update: (changes: Partial<PieceFields>) => void;
  setStatus: (status: DraftStatus) => void;
  setCitations: (order: string[], counts: Record<string, number>) => void;
  setFigures: (figures: FigureEntry[]) => void;
  setMarkKeys: (markKeys: Record<string, NodeKey[]>) => void;
  /** After a status change elsewhere in the pane: the new status and version. */
  adopt: (draft: Draft) => void;
}

/** A date field's text is saved once it reads as a date (or is empty). */
export function isSavableDate(text: string): boolean {
  return text.trim() === '' || readPieceDate(text) !== null;
}

/**
 * What of a change can be saved now. A slug or a source URL that is not
 * valid yet stays on screen, flagged, and is held back from the save so the
 * rest of the writer's work is still saved.
 */
function savable(changes: Partial<PieceFields>): SaveChanges {
  const out: SaveChanges = { ...changes };
  if (changes.slug !== undefined && changes.slug !== '' && !SLUG_PATTERN.test(changes.slug)) delete out.slug;
  if (changes.sources?.some((s) => s.url.trim() !== '' && !isWebUrl(s.url.trim()))) delete out.sources;
  if (changes.datePublished !== undefined && !isSavableDate(changes.datePublished)) delete out.datePublished;
  if (changes.dateModified !== undefined && !isSavableDate(changes.dateModified)) delete out.dateModified;
  return out;
}

export const useOpenDraft = create<OpenDraftState>((set, get) => ({
  ...emptyPieceFields(),
  draftId: null,
  status: 'draft',
  controller: null,
  citationOrder: [],
  citationCounts: {},
  figures: [],
  markKeys: {},

  // The document indexes are left alone: the editor's plugins fill them in
  // their own effects, which run before this one.
  open(draft, controller) {
    set({
      draftId: draft.id,
      status: draft.status,
      controller,
      ...pick(draft, PIECE_FIELDS),
    });
  },

  close(controller) {
    if (get().controller === controller)
      set({
        ...emptyPieceFields(),
        draftId: null,
        controller: null,
        citationOrder: [],
        citationCounts: {},
        figures: [],
        markKeys: {},
      });
  },

  update(changes) {
    const next: Partial<PieceFields> = { ...changes };
    // The slug follows the headline until the writer edits it by hand.
    if (changes.headline !== undefined && changes.slug === undefined) {
      const { slug, headline } = get();
      if (slug === '' || slug === slugify(headline)) next.slug = slugify(changes.headline);
    }
    set(next);
    get().controller?.setFields(savable(next));
  },

  setStatus(status) {
    set({ status });
  },

  setCitations(citationOrder, citationCounts) {
    set({ citationOrder, citationCounts });
  },

  setFigures(figures) {
    set({ figures });
  },

  setMarkKeys(markKeys) {
    set({ markKeys });
  },

  adopt(draft) {
    set({ status: draft.status });
    get().controller?.adopt(draft);
  },
}));
