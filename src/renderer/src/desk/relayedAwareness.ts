import type { ProviderAwareness, UserState } from '@lexical/yjs';
import type { LivePeer } from '../../../common/desk/live';

/**
 * The live piece's awareness as the window sees it: its own state (caret,
 * name, colour, focus), which it hands to main to carry on the desk's
 * connection, and the others' states as main last relayed them. Main's
 * awareness is the one that speaks Yjs's awareness protocol; this is its
 * window, shaped as Lexical's binding reads one.
 */
export class RelayedAwareness implements ProviderAwareness {
  private local: UserState | null = null;
  private peers = new Map<number, UserState>();
  private readonly listeners = new Set<() => void>();

  constructor(
    /** The window doc's client id, which Lexical skips when drawing carets. */
    readonly clientID: number,
    private readonly publish: (state: UserState | null) => void,
  ) {}

  getLocalState(): UserState | null {
    return this.local;
  }

  getStates(): Map<number, UserState> {
    const states = new Map(this.peers);
    if (this.local) states.set(this.clientID, this.local);
    return states;
  }

  setLocalState(state: UserState | null): void {
    this.local = state === null ? null : { ...state };
    this.publish(this.local);
    this.changed();
  }

  setLocalStateField(field: string, value: unknown): void {
    if (this.local) this.setLocalState({ ...this.local, [field]: value });
  }

  /** The others as main relays them (each change replaces the whole list). */
  setPeers(peers: LivePeer[]): void {
    this.peers = new Map(peers.map((peer) => [peer.clientId, peer.state as UserState]));
    this.changed();
  }

  on(_type: 'update', listener: () => void): void {
    this.listeners.add(listener);
  }

  off(_type: 'update', listener: () => void): void {
    this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
