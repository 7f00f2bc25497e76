import type { Provider, UserState } from '@lexical/yjs';
import * as Y from 'yjs';
import type { AppEvent } from '../../../common/api';
import { decodeBytes, encodeBytes, type LiveOpening, type LivePeer } from '../../../common/desk/live';
import { RelayedAwareness } from './relayedAwareness';

/**
 * The window's Yjs provider for an open shared piece, over the app's API
 * contract instead of a socket (docs/ARCHITECTURE.md, "The window's live
 * binding"). Main owns the desk's connection and the piece's document; this
 * keeps the window's Y.Doc in step with it: on connecting, main sends what
 * the window's doc lacks (by its state vector) and the window what main's
 * lacks; then each local change goes to main, and each change main's
 * document takes (a colleague's, a restore) comes back as an event. The
 * caret travels the same way (relayedAwareness.ts).
 */

/** What the provider needs of main: the `desk.live*` methods and the event subscription (windowTransport.ts in the window). */
export interface LiveTransport {
  open(input: { draftId: string; stateVector?: string }): Promise<LiveOpening | null>;
  update(input: { document: string; update: string }): Promise<unknown>;
  awareness(input: { document: string; state: UserState | null }): Promise<unknown>;
  close(input: { document: string }): Promise<unknown>;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

type Listener = (arg: never) => void;
/** Yjs's empty update: nothing to send. */
const EMPTY_UPDATE_LENGTH = 2;

export class IpcProvider implements Provider {
  readonly doc = new Y.Doc();
  readonly awareness: RelayedAwareness;
  readonly document: string;
  /** Who this person is on the desk, and their caret's colour. */
  readonly name: string;
  readonly color: string;
  private opening: LiveOpening | null;
  private connected = false;
  /** Changes main sent before the binding connected: applied once it has. */
  private readonly early: Uint8Array[] = [];
  /** Changes heard since the last batch was applied (see `heard`). */
  private readonly arriving: Uint8Array[] = [];
  /** The others' carets as last heard, drawn with the batch. */
  private peers: LivePeer[] | null = null;
  private batch: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly stopEvents: () => void;

  /** Opens a shared piece live; null when it is not shared or this app has no desk connection. */
  static async open(draftId: string, transport: LiveTransport): Promise<IpcProvider | null> {
    const opening = await transport.open({ draftId });
    return opening ? new IpcProvider(draftId, transport, opening) : null;
  }

  private constructor(
    private readonly draftId: string,
    private readonly transport: LiveTransport,
    opening: LiveOpening,
  ) {
    this.opening = opening;
    this.document = opening.document;
    this.name = opening.name;
    this.color = opening.color;
    this.awareness = new RelayedAwareness(this.doc.clientID, (state) => {
      if (this.connected) this.send(this.transport.awareness({ document: this.document, state }));
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.connected) this.sendUpdate(update);
    });
    this.stopEvents = transport.subscribe((event) => this.heard(event));
  }

  /** Exchanges what each side lacks, then follows main; the binding's observer is in place before this runs. */
  async connect(): Promise<void> {
    if (this.connected) return;
    const opening =
      this.opening ??
      (await this.transport.open({ draftId: this.draftId, stateVector: encodeBytes(Y.encodeStateVector(this.doc)) }));
    this.opening = null;
    if (!opening || opening.document !== this.document) {
      this.emit('status', { status: 'disconnected' });
      return;
    }
    this.connected = true;
    Y.applyUpdate(this.doc, decodeBytes(opening.update), this);
    for (const update of this.early.splice(0)) Y.applyUpdate(this.doc, update, this);
    const missing = Y.encodeStateAsUpdate(this.doc, decodeBytes(opening.stateVector));
    if (missing.length > EMPTY_UPDATE_LENGTH) this.sendUpdate(missing);
    this.awareness.setPeers(opening.peers);
    const local = this.awareness.getLocalState();
    if (local) this.send(this.transport.awareness({ document: this.document, state: local }));
    this.emit('status', { status: 'connected' });
    this.emit('sync', true);
  }

  disconnect(): void {
    // Opened but never connected (the editor went first) still holds main's binding: it is let go too.
    const bound = this.connected || this.opening !== null;
    this.connected = false;
    this.opening = null;
    if (!bound) return;
    this.send(this.transport.close({ document: this.document }));
    this.awareness.setPeers([]);
    this.emit('status', { status: 'disconnected' });
  }

  /** The piece closed: stops following main (the doc goes with the editor that holds it). */
  destroy(): void {
    this.disconnect();
    this.stopEvents();
  }

  on(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  off(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  private emit(type: 'status' | 'sync', value: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (arg: unknown) => void)(value);
  }

  /**
   * Colleagues' changes arrive one event each; those heard within one task
   * of each other are applied as one transaction, so the editor redraws once
   * for a burst (after a reconnection, or a busy moment in main) rather than
   * once per keystroke.
   */
  private heard(event: AppEvent): void {
    if (event.type === 'desk.liveUpdate' && event.document === this.document) {
      const update = decodeBytes(event.update);
      if (this.connected) {
        this.arriving.push(update);
        this.batch ??= setTimeout(() => this.applyArrived(), 0);
      } else if (this.opening) this.early.push(update);
    } else if (event.type === 'desk.livePeers' && event.document === this.document && this.connected) {
      this.peers = event.peers;
      this.batch ??= setTimeout(() => this.applyArrived(), 0);
    }
  }

  private applyArrived(): void {
    this.batch = null;
    const updates = this.arriving.splice(0);
    const peers = this.peers;
    this.peers = null;
    if (!this.connected) return;
    if (updates.length > 0) Y.applyUpdate(this.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), this);
    if (peers) this.awareness.setPeers(peers);
  }

  private sendUpdate(update: Uint8Array): void {
    this.send(this.transport.update({ document: this.document, update: encodeBytes(update) }));
  }

  /**
   * A call main refused (the desk's client restarted, so the piece is no
   * longer bound there) reconnects: the exchange by state vector then sends
   * whatever did not arrive.
   */
  private send(call: Promise<unknown>): void {
    call.catch(() => {
      if (!this.connected) return;
      this.connected = false;
      void this.connect().catch(() => this.emit('status', { status: 'disconnected' }));
    });
  }
}
