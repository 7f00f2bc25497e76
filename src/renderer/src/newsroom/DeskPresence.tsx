import { useEffect } from 'react';
import { useNewsroom } from './newsroomStore';

/** How often an open shared piece asks who else is in it. */
const PRESENCE_EVERY_MS = 3_000;

/**
 * Tells the desk which piece this window shows, and names the colleagues
 * who have it open too, each in the colour their machines agree on.
 */
export function DeskPresence({ draftId }: { draftId: string }) {
  const piece = useNewsroom((s) => s.status?.pieces.find((p) => p.draftId === draftId));
  const joined = useNewsroom((s) => Boolean(s.status?.connection));

  useEffect(() => {
    const { showing } = useNewsroom.getState();
    void showing(draftId).catch(() => undefined);
    return () => void showing(null).catch(() => undefined);
  }, [draftId]);

  const shared = piece !== undefined;
  useEffect(() => {
    if (!joined || !shared) return;
    const timer = setInterval(
      () =>
        void useNewsroom
          .getState()
          .loadStatus()
          .catch(() => undefined),
      PRESENCE_EVERY_MS,
    );
    return () => clearInterval(timer);
  }, [joined, shared]);

  if (!piece || piece.present.length === 0) return null;
  const names = piece.present.map((p) => p.name);
  const sentence =
    names.length === 1
      ? `${names[0]} is in this piece too`
      : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are in this piece too`;
  return (
    <span className="cd-presence" role="status" aria-label={sentence}>
      {piece.present.map((p) => (
        <span key={p.name} className="cd-presence-dot" style={{ backgroundColor: p.color }} aria-hidden="true" />
      ))}
      {sentence}
    </span>
  );
}
