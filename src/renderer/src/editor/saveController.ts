import type { ApiInput, EditorSaveOutcome, SavedFields } from '../../../common/api';
import type { Draft } from '../../../common/domain';
import type { ApiResult } from '../../../common/errors';

/**
 * Autosave for one open draft. Edits only mark the draft dirty; the
 * document is serialised when the writer pauses (about a second), or every
 * ten seconds during continuous typing, or at once on flush (blur, close,
 * quit). One save is in flight at a time; edits made meanwhile are saved
 * right after it.
 */

export type SaveState =
  /** `version`: the save was by hand, so a version was kept. */
  | { kind: 'saved'; at: Date; version?: boolean }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; current: Draft };

export type SaveChanges = Omit<ApiInput<'drafts.save'>, 'id' | 'expectedVersion'>;

export interface SaveControllerOptions {
  draft: SavedFields;
  save: (input: ApiInput<'drafts.save'>) => Promise<ApiResult<EditorSaveOutcome>>;
  onState: (state: SaveState) => void;
  onSaved?: (draft: SavedFields) => void;
  /**
   * The body is bound live to a shared piece's document, which already holds
   * the colleagues' edits that moved the draft on: a conflict is not a
   * question for the writer, the save goes again on the current version.
   */
  followsDocument?: boolean;
  idleMs?: number;
  maxWaitMs?: number;
}

export class SaveController {
  private version: number;
  private dirty = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private maxTimer: ReturnType<typeof setTimeout> | null = null;
  private holds = 0;
  private inFlight: Promise<void> | null = null;
  private blocked = false;
  private fields: SaveChanges = {};
  private bodySource: (() => string) | null = null;
  private readonly savedListeners = new Set<(draft: SavedFields) => void>();
  private readonly idleMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: SaveControllerOptions) {
    this.version = options.draft.version;
    this.idleMs = options.idleMs ?? 1000;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  get currentVersion(): number {
    return this.version;
  }

  /** Field edits (headline, dek…) are kept here until the next save sends them. */
  setFields(changes: SaveChanges): void {
    Object.assign(this.fields, changes);
    this.markDirty();
  }

  /** Follows this draft's saves (the preview re-renders from each); returns the unsubscribe. */
  subscribeSaved(listener: (draft: SavedFields) => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  /** The editor's document as JSON text, serialised only when a save is about to happen. */
  attachBody(source: () => string): void {
    this.bodySource = source;
  }

  /**
   * While a large paste streams in, autosave waits: one save of the whole
   * paste at the end instead of serialising each half-pasted state of a
   * growing document. An explicit flush (blur, close, quit) still saves.
   * Returns the release.
   */
  hold(): () => void {
    this.holds++;
    this.clearTimers();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0 && this.dirty) this.markDirty();
    };
  }

  /** Cheap enough for every keystroke: it only moves timers. */
  markDirty(): void {
    if (this.blocked) return;
    if (!this.dirty) this.options.onState({ kind: 'dirty' });
    this.dirty = true;
    if (this.holds > 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.flush(), this.idleMs);
    this.maxTimer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
  }

  /** Saves now if anything is unsaved, and resolves when it is on disk (or failed). */
  flush(reason: 'autosave' | 'manual' = 'autosave'): Promise<void> {
    return this.save(reason, null);
  }

  /** The writer's save by hand (Ctrl/Cmd+S): saves now, changed or not, and keeps a version, named if a name is given. */
  keepVersion(name = ''): Promise<void> {
    return this.save('manual', name);
  }

  /** After a conflict: write mine over theirs (theirs stays in the revision history). */
  async keepMine(current: Draft): Promise<void> {
    this.version = current.version;
    this.blocked = false;
    this.dirty = true;
    await this.flush('manual');
  }

  /** Takes on a version written by another action on this piece (a status change, a colleague's edit). */
  adopt(draft: Draft): void {
    this.version = draft.version;
    // Field edits already saved need not go again, where they would undo a colleague's later change.
    if (!this.dirty && !this.inFlight) this.fields = {};
  }

  dispose(): void {
    this.clearTimers();
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.idleTimer = null;
    this.maxTimer = null;
  }

  /** `versionName` is set (maybe empty) when the writer asked for a version: the state then says so. */
  private async save(reason: 'autosave' | 'manual', versionName: string | null): Promise<void> {
    this.clearTimers();
    if (this.inFlight) await this.inFlight;
    if ((!this.dirty && reason === 'autosave') || this.blocked) return;
    this.inFlight = this.run(reason, versionName).finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  private async run(reason: 'autosave' | 'manual', versionName: string | null): Promise<void> {
    this.dirty = false;
    this.options.onState({ kind: 'saving' });
    let result: ApiResult<EditorSaveOutcome>;
    try {
      const body = this.bodySource?.();
      result = await this.options.save({
        id: this.options.draft.id,
        expectedVersion: this.version,
        reason,
        revisionName: versionName || undefined,
        ...this.fields,
        body,
      });
    } catch (err) {
      result = { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
    if (!result.ok) {
      this.dirty = true;
      this.options.onState({ kind: 'error', message: result.error.message });
      return;
    }
    const outcome = result.value;
    if (outcome.kind === 'conflict' && this.options.followsDocument) {
      this.version = outcome.current.version;
      this.markDirty();
      return;
    }
    if (outcome.kind === 'conflict') {
      this.dirty = true;
      this.blocked = true;
      this.options.onState({ kind: 'conflict', current: outcome.current });
      return;
    }
    this.version = outcome.draft.version;
    this.options.onSaved?.(outcome.draft);
    for (const listener of this.savedListeners) listener(outcome.draft);
    if (this.dirty) this.markDirty();
    else
      this.options.onState({
        kind: 'saved',
        at: new Date(outcome.draft.updatedAt),
        version: versionName !== null || undefined,
      });
  }
}
