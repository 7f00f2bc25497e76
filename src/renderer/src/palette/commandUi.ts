import { create } from 'zustand';

/**
 * Which of the keyboard's dialogs is open (the command palette, the
 * shortcuts sheet or Preferences), and where the focus goes back to when it closes.
 */

/** Elements that take the focus back their own way: the editor puts its caret and selection back where they were. */
const refocusers = new Map<Element, () => void>();

export function provideRefocus(element: Element, refocus: () => void): () => void {
  refocusers.set(element, refocus);
  return () => {
    if (refocusers.get(element) === refocus) refocusers.delete(element);
  };
}

function returnFocusTo(element: Element | null): void {
  if (!element?.isConnected) return;
  const refocus = refocusers.get(element);
  if (refocus) refocus();
  else if (element instanceof HTMLElement) element.focus();
}

type CommandDialog = 'palette' | 'sheet' | 'preferences';

interface CommandUiState {
  open: CommandDialog | null;
  returnTo: Element | null;
  show: (which: CommandDialog) => void;
  close: () => void;
}

export const useCommandUi = create<CommandUiState>((set, get) => ({
  open: null,
  returnTo: null,
  show(which) {
    // From one dialog to the other, the focus still goes back to where it was before the first.
    const returnTo = get().open ? get().returnTo : document.activeElement;
    set({ open: which, returnTo });
  },
  close() {
    const { returnTo } = get();
    set({ open: null, returnTo: null });
    returnFocusTo(returnTo);
  },
}));
