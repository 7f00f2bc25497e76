import { create } from 'zustand';
import type { Draft } from '../../../common/domain';
import { figuresOf, type FigureFields } from '../../../common/nodes/figure/figureJson';
import { api, messageOf, unwrap } from '../api';
import { imageUrl } from '../shell/imageUrl';
import { previewPage } from './previewPage';

/**
 * The reader's preview of the open piece: whether it is shown and at which
 * width (view state the writer keeps from piece to piece), and the page it
 * shows, rendered from what the export and the CMS get of the saved piece.
 */

export type PreviewWidth = 'desktop' | 'phone';

interface PreviewState {
  open: boolean;
  width: PreviewWidth;
  /** The frame's page for `draftId`, or null until the first render. */
  page: string | null;
  draftId: string | null;
  error: string | null;
  setOpen: (open: boolean) => void;
  toggle: () => void;
  setWidth: (width: PreviewWidth) => void;
  /** Renders the piece as saved now (`saved`: the draft a save just wrote, so it need not be read again); of overlapping renders only the last asked for is shown. */
  render: (draftId: string, saved?: Draft) => Promise<void>;
  /** Forgets the page (the piece was closed). */
  clear: () => void;
}

let latest = 0;

/**
 * The lead image to show above the text: the top image, unless it is
 * already a figure in the text (as it usually is), where readers then see
 * it, once; a CMS gets it both ways and themes differ. Its words are the
 * ones stored with it.
 */
async function leadImageOf(draft: Draft): Promise<FigureFields | null> {
  if (!draft.topImage || figuresOf(draft.body).some((f) => f.image === draft.topImage)) return null;
  const stored = await api().images.get({ id: draft.topImage });
  if (!stored.ok) return null; // missing from the library: the export warns of it, the preview just has no lead image
  const { alt, caption, credit, license } = stored.value;
  return { image: draft.topImage, alt, caption, credit, license };
}

export const usePreview = create<PreviewState>((set, get) => ({
  open: false,
  width: 'desktop',
  page: null,
  draftId: null,
  error: null,

  setOpen(open) {
    set({ open });
  },

  toggle() {
    set({ open: !get().open });
  },

  setWidth(width) {
    set({ width });
  },

  async render(draftId, saved) {
    const mine = ++latest;
    if (get().draftId !== draftId) set({ draftId, page: null, error: null });
    try {
      const [exported, draft] = await Promise.all([
        unwrap(api().export.html({ id: draftId, document: true })),
        saved ?? unwrap(api().drafts.get({ id: draftId })),
      ]);
      const leadImage = await leadImageOf(draft);
      if (mine !== latest) return;
      set({
        page: previewPage({ exported, imageSrc: imageUrl, leadImage, lang: document.documentElement.lang }),
        error: null,
      });
    } catch (err) {
      if (mine === latest) set({ error: messageOf(err) });
    }
  },

  clear() {
    latest++;
    set({ draftId: null, page: null, error: null });
  },
}));
