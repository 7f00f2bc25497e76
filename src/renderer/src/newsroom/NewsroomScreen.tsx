import { useEffect, useState, type FormEvent } from 'react';
import type { DeskListing, DeskStatus } from '../../../common/desk/status';
import { useLibrary } from '../library/libraryStore';
import { ErrorLine, ScreenStatus } from '../shell/Messages';
import { plural, when } from '../shell/format';
import { useShell } from '../shell/shellStore';
import { useAsyncAction } from '../shell/useAsyncAction';
import { presentLine, useNewsroom } from './newsroomStore';
import './newsroom.css';

/**
 * The newsroom's desk: join it with the address and token the newsroom
 * gave you, see whether this computer is connected and what waits to be
 * sent, exchange everything now, and take pieces from the desk's list.
 */

/** How often the screen asks where the connection stands while it is showing. */
const STATUS_EVERY_MS = 2_000;

function JoinForm({
  current,
  onJoined,
  onCancel,
}: {
  current: DeskStatus['connection'];
  onJoined: (message: string) => void;
  onCancel?: () => void;
}) {
  const join = useNewsroom((s) => s.join);
  const [url, setUrl] = useState(current?.url ?? '');
  const [token, setToken] = useState('');
  const { busy, error, run } = useAsyncAction('Not joined: ');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run(async () => {
      await join(url.trim(), token.trim());
      onJoined('Joined the desk. Share a piece from its footer, or take one from the desk’s list below.');
    });
  };
  return (
    <form className="cd-newsroom-join" aria-label="Join a newsroom" onSubmit={submit}>
      <label className="cd-field">
        <span className="cd-label">Desk address</span>
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="ws://desk.example.org:4455"
          autoComplete="off"
        />
      </label>
      <label className="cd-field">
        <span className="cd-label">Your token</span>
        <input
          type="password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoComplete="off"
          aria-describedby="cd-newsroom-token-help"
        />
        <span id="cd-newsroom-token-help" className="cd-help">
          Your newsroom’s administrator makes one with <code>copydesk-server users add NAME</code>. It is kept by the
          system’s keychain.
        </span>
      </label>
      <ErrorLine message={error} />
      <div className="cd-actions">
        <button type="submit" className="cd-button" disabled={busy || url.trim() === '' || token.trim() === ''}>
          {busy ? 'Joining…' : 'Join'}
        </button>
        {onCancel && (
          <button type="button" className="cd-small-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Asks once before taking a piece off the desk, saying what happens to everyone's copy. */
function StopSharing({
  draftId,
  headline,
  onDone,
}: {
  draftId: string;
  headline: string;
  onDone: (message: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAsyncAction('Still shared: ');
  if (!asking) {
    return (
      <button type="button" className="cd-small-button" onClick={() => setAsking(true)}>
        Stop sharing…
      </button>
    );
  }
  const title = headline || 'Untitled';
  return (
    <>
      <button
        type="button"
        className="cd-small-button is-danger"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await useNewsroom.getState().unshare(draftId);
            onDone(`“${title}” is off the desk. Everyone who had it keeps their copy as a local piece.`);
          })
        }
      >
        Take “{title}” off the desk
      </button>
      <button type="button" className="cd-small-button" onClick={() => setAsking(false)}>
        Keep sharing
      </button>
      <ErrorLine message={error} />
    </>
  );
}

function liveLine(status: DeskStatus): string {
  const waiting = status.waiting > 0 ? ` ${plural(status.waiting, 'change')} waiting to be sent.` : '';
  switch (status.live.state) {
    case 'online':
      return `Online.${waiting || ' Everything is sent.'}`;
    case 'offline':
      return `Offline: changes are kept on this computer and sent when you reconnect.${waiting}`;
    case 'refused':
      return `The desk refused your token (${status.live.reason ?? 'no reason given'}). Your pieces and unsent changes are kept here; join again with a valid token.`;
    case 'stopped':
      return `Not connected.${waiting}`;
  }
}

function openPiece(draftId: string): void {
  void useLibrary.getState().refresh();
  useLibrary.getState().select(draftId);
  useShell.getState().setView('write');
}

function DeskList({ onStatus }: { onStatus: (message: string) => void }) {
  const { listing, loadListing, take } = useNewsroom();
  const { busy, error, run } = useAsyncAction('The desk’s list could not be read: ');
  const opening = useAsyncAction('The piece was not opened: ');

  useEffect(() => {
    void run(loadListing);
  }, [run, loadListing]);

  const open = (entry: DeskListing): void =>
    void opening.run(async () => {
      const draftId = await take(entry);
      if (entry.draftId === null) onStatus(`“${entry.headline || 'Untitled'}” is now on this computer too.`);
      openPiece(draftId);
    });

  return (
    <section aria-labelledby="cd-newsroom-desk">
      <div className="cd-newsroom-section-head">
        <h2 id="cd-newsroom-desk">On the desk</h2>
        <button type="button" className="cd-small-button" onClick={() => void run(loadListing)} disabled={busy}>
          Refresh the list
        </button>
      </div>
      <ErrorLine message={error ?? opening.error} />
      {listing === null && !error && <p className="cd-help">Reading the desk’s list…</p>}
      {listing?.length === 0 && <p className="cd-help">Nothing is shared with the desk yet.</p>}
      {listing && listing.length > 0 && (
        <ul className="cd-newsroom-list" aria-label="The desk’s pieces">
          {listing.map((entry) => (
            <li key={entry.document} aria-label={entry.headline || 'Untitled'}>
              <span className="cd-newsroom-headline">{entry.headline || 'Untitled'}</span>
              <span className="cd-help">
                Shared by {entry.sharedBy}, updated {when(entry.updatedAt)}
                {entry.draftId ? ' · on this computer' : ''}
                {entry.present.length > 0 && ` · ${presentLine(entry.present)}`}
              </span>
              <button type="button" className="cd-small-button" onClick={() => open(entry)} disabled={opening.busy}>
                {entry.draftId ? 'Open' : 'Open (download)'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NewsroomScreen() {
  const { status, loadStatus, sync } = useNewsroom();
  const [rejoining, setRejoining] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const syncing = useAsyncAction('Not synced: ');
  const loading = useAsyncAction('Where the desk stands could not be read: ');

  useEffect(() => {
    void loading.run(loadStatus);
    const timer = setInterval(() => void loadStatus().catch(() => undefined), STATUS_EVERY_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loading.run is stable; the poll starts once per visit.
  }, [loadStatus]);

  const syncNow = (): void =>
    void syncing.run(async () => {
      const report = await sync();
      const received = report.pieces.reduce((n, p) => n + p.updatesReceived, 0);
      const sent = report.pieces.reduce((n, p) => n + p.savesSent, 0);
      const created = report.pieces.filter((p) => p.created).length;
      const { uploaded, downloaded, waiting, problems } = report.images;
      const images =
        uploaded + downloaded + waiting > 0
          ? ` Images: ${uploaded} sent, ${downloaded} received${waiting ? `, ${waiting} waiting` : ''}.`
          : '';
      setMessage(
        `Synced as ${report.user}: ${plural(sent, 'save')} sent, ${plural(received, 'update')} received${created ? `, ${plural(created, 'new piece')}` : ''}.${images}`,
      );
      if (problems.length > 0) syncing.setError(`Some images did not travel: ${problems.join(' ')}`);
    });

  const joined = status?.connection ?? null;
  return (
    <main className="cd-targets-view cd-newsroom">
      <div className="cd-targets-head">
        <h1>Newsroom</h1>
        {joined && !rejoining && (
          <button type="button" className="cd-button" onClick={syncNow} disabled={syncing.busy}>
            {syncing.busy ? 'Syncing…' : 'Sync now'}
          </button>
        )}
      </div>
      <ScreenStatus status={message} error={loading.error ?? syncing.error} />
      {status === null && !loading.error && <p className="cd-help">Reading where the desk stands…</p>}
      {status && (!joined || rejoining) && (
        <>
          <p className="cd-help">
            Join your newsroom’s desk to share pieces with your colleagues. Shared pieces stay on this computer and work
            offline; edits on both sides are merged when you reconnect.
          </p>
          <JoinForm
            current={joined}
            onJoined={(text) => {
              setRejoining(false);
              setMessage(text);
            }}
            onCancel={rejoining ? () => setRejoining(false) : undefined}
          />
        </>
      )}
      {status && joined && !rejoining && (
        <>
          <section className="cd-newsroom-connection" aria-label="Connection">
            <p>
              <strong>{joined.user}</strong> ({joined.role}) on <code>{joined.url}</code>
            </p>
            <p className={`cd-newsroom-live is-${status.live.state}`}>{liveLine(status)}</p>
            <p className="cd-help">{joined.syncedAt ? `Last synced ${when(joined.syncedAt)}.` : 'Not synced yet.'}</p>
            <button type="button" className="cd-small-button" onClick={() => setRejoining(true)}>
              Join with another address or token…
            </button>
          </section>
          <section aria-labelledby="cd-newsroom-shared">
            <h2 id="cd-newsroom-shared">Shared from this computer</h2>
            {status.pieces.length === 0 ? (
              <p className="cd-help">
                No piece is shared yet: open one and choose “Share with the desk” in its footer.
              </p>
            ) : (
              <ul className="cd-newsroom-list" aria-label="Shared pieces">
                {status.pieces.map((piece) => (
                  <li key={piece.document} aria-label={piece.headline || 'Untitled'}>
                    <span className="cd-newsroom-headline">{piece.headline || 'Untitled'}</span>
                    <span className="cd-help">
                      {piece.waiting > 0 ? `${plural(piece.waiting, 'change')} waiting` : 'Up to date'}
                      {piece.syncedAt ? ` · synced ${when(piece.syncedAt)}` : ''}
                      {piece.present.length > 0 && ` · ${presentLine(piece.present)}`}
                    </span>
                    <span className="cd-actions">
                      <button type="button" className="cd-small-button" onClick={() => openPiece(piece.draftId)}>
                        Open
                      </button>
                      <StopSharing draftId={piece.draftId} headline={piece.headline} onDone={setMessage} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {status.keptLocal.length > 0 && (
            <section aria-labelledby="cd-newsroom-kept">
              <h2 id="cd-newsroom-kept">Taken off the desk, kept here</h2>
              <ul className="cd-newsroom-list" aria-label="Pieces kept here">
                {status.keptLocal.map((piece) => (
                  <li key={piece.draftId} aria-label={piece.headline || 'Untitled'}>
                    <span className="cd-newsroom-headline">{piece.headline || 'Untitled'}</span>
                    <span className="cd-help">A local piece now: your edits stay here.</span>
                    <button type="button" className="cd-small-button" onClick={() => openPiece(piece.draftId)}>
                      Open
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <DeskList onStatus={setMessage} />
        </>
      )}
    </main>
  );
}
