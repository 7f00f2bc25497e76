import * as Y from 'yjs';
import type { AppEvent } from '../../common/api';
import { encodeBytes, type LiveOpening } from '../../common/desk/live';
import { AppError } from '../../common/errors';
import type { StoreContext } from '../services/context';
import type { DeskClient } from './deskClient';
import { colorOf, peersOf, showCursor } from './presence';
import type { SharedPiece } from './sharedPiece';

/**
 * The window's live binding of the shared piece it shows: main's side of
 * the renderer's IPC provider (src/renderer/src/desk/ipcProvider.ts). The
 * window's Y.Doc and the piece's document here exchange Yjs updates both
 * ways, and the window's caret rides on this app's awareness of the piece,
 * so the one desk connection carries it; the others' carets come back as
 * events. The document stays local-first: offline, the window's edits are
 * logged here and sent when the connection returns.
 */

/** The origin of the window's changes to a document, so they are not echoed back to it. */
const FROM_WINDOW = Symbol('the live window');

interface Bound {
  piece: SharedPiece;
  stop: () => void;
}

export class WindowLink {
  private bound: Bound | null = null;

  constructor(
    private readonly ctx: StoreContext,
    private readonly client: () => DeskClient | undefined,
    private readonly emit: (event: AppEvent) => void,
  ) {}

  /** Binds the window to a shared piece: what its doc (at `stateVector`) lacks, and whom it shows as whom. */
  async open(draftId: string, stateVector?: Uint8Array): Promise<LiveOpening | null> {
    const client = this.client();
    if (!client) return null;
    const row = await this.ctx.db.get<{ document: string }>(
      "SELECT document FROM desk_pieces WHERE draft_id = ? AND state = 'shared'",
      [draftId],
    );
    const joined = await this.ctx.db.get<{ user_name: string }>('SELECT user_name FROM desk_connection WHERE id = 1');
    if (!row || !joined) return null;
    const piece = await client.piece(row.document);
    // A save not yet carried into the document goes in first, so the window starts from everything.
    await piece.pushSaved();
    piece.bodyFromWindow = true;
    this.bind(piece);
    const doc = piece.document.doc;
    return {
      document: row.document,
      update: encodeBytes(Y.encodeStateAsUpdate(doc, stateVector)),
      stateVector: encodeBytes(Y.encodeStateVector(doc)),
      name: joined.user_name,
      color: colorOf(joined.user_name),
      peers: peersOf(piece.document),
    };
  }

  /** The writer's change in the window: into the document and its log (the desk's connection sends it on). */
  async update(document: string, update: Uint8Array): Promise<void> {
    const piece = await this.boundTo(document);
    try {
      Y.applyUpdate(piece.document.doc, update, FROM_WINDOW);
    } catch {
      throw new AppError('invalid_input', 'That change to the shared piece could not be read as a Yjs update.');
    }
    await piece.document.step(() => Promise.resolve());
  }

  /** The window's caret and focus, carried to the others with this app's presence in the piece. */
  async awareness(document: string, state: Record<string, unknown> | null): Promise<void> {
    showCursor((await this.boundTo(document)).document, state);
  }

  close(document: string): void {
    if (this.bound?.piece.document.name !== document) return;
    this.unbind();
  }

  /** The live client stopped (closing, or joining again): the window opens the piece again when it next shows it. */
  unbind(): void {
    const bound = this.bound;
    this.bound = null;
    bound?.stop();
  }

  private async boundTo(document: string): Promise<SharedPiece> {
    const bound = this.bound;
    const client = this.client();
    if (!bound || !client || bound.piece.document.name !== document || (await client.piece(document)) !== bound.piece)
      throw new AppError('not_found', 'This shared piece is not open live here any more: open it again.');
    return bound.piece;
  }

  private bind(piece: SharedPiece): void {
    if (this.bound?.piece === piece) return;
    this.unbind();
    const { doc, name } = piece.document;
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin !== FROM_WINDOW) this.emit({ type: 'desk.liveUpdate', document: name, update: encodeBytes(update) });
    };
    // Our own state changing (the window's caret, which it already knows) is no news to the window.
    const onPeers = (_changes: unknown, origin: unknown): void => {
      if (origin !== 'local') this.emit({ type: 'desk.livePeers', document: name, peers: peersOf(piece.document) });
    };
    doc.on('update', onUpdate);
    const awareness = piece.document.awareness;
    awareness?.on('change', onPeers);
    this.bound = {
      piece,
      stop: () => {
        doc.off('update', onUpdate);
        awareness?.off('change', onPeers);
        showCursor(piece.document, null);
      },
    };
  }
}
