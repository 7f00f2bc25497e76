import type * as Y from 'yjs';
import { notesFromDoc } from '../common/collab/pieceDoc';
import type { NewNotification } from './store';

/**
 * "@Name" in a review note (or a reply) of a piece tells that person, once
 * per note or reply: the key makes a second store of the same note a no-op.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` mentions `name` as @name, not as the start of a longer word. */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}_])@${escape(name)}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}

export function mentionNotifications(
  document: string,
  doc: Y.Doc,
  activeUsers: readonly string[],
  at: string,
): NewNotification[] {
  // Run after every store of a live document: its body is not read, so no editor rides on its later keystrokes.
  const piece = notesFromDoc(doc);
  const headline = piece.headline || 'Untitled';
  const found: NewNotification[] = [];
  for (const note of piece.notes) {
    const said = [
      { key: note.id, author: note.author, text: note.body },
      ...note.replies.map((r) => ({ key: `${note.id}/${r.id}`, author: r.author, text: r.body })),
    ];
    for (const { key, author, text } of said) {
      if (!text.includes('@')) continue;
      for (const name of activeUsers) {
        if (name === author || !mentions(text, name)) continue;
        found.push({
          recipient: name,
          kind: 'mention',
          document,
          headline,
          actor: author || 'Someone',
          text: `${author || 'Someone'} mentioned you in a note on “${headline}”: ${text.slice(0, 200)}`,
          at,
          dedupeKey: `mention:${document}:${key}:${name}`,
        });
      }
    }
  }
  return found;
}
