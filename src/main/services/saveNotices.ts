/**
 * Who hears that a draft's content was saved, after the save committed: the
 * desk client, which carries a shared piece's saves into its document. A
 * listener only schedules its work, so a save never waits for it.
 */
export class SaveNotices {
  private readonly listeners = new Set<(draftId: string, restored: boolean) => void>();

  /** Returns the function that stops listening. */
  listen(listener: (draftId: string, restored: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `restored`: an earlier revision replaced the content, rather than the writer's own save. */
  saved(draftId: string, restored = false): void {
    for (const listener of this.listeners) listener(draftId, restored);
  }
}
