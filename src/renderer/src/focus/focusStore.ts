import { create } from 'zustand';

/**
 * Focus mode (View › Focus mode): the panes and the other chrome hide and
 * the line being typed stays centred. A state of the window, not of a piece:
 * it ends when the piece closes.
 */
interface FocusState {
  on: boolean;
  setOn: (on: boolean) => void;
}

export const useFocusMode = create<FocusState>((set) => ({
  on: false,
  setOn(on) {
    set({ on });
  },
}));
