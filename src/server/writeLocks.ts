import { randomUUID } from 'node:crypto';
import { DRAFT_STATUSES, type DraftStatus } from '../common/domain';
import { LOCKED_FOR_WRITERS } from '../common/desk/workflow';
import type { DocumentStore } from './store';

/**
 * Which connections may not change a piece's document: a writer's, once the
 * piece is published or archived (it left the writer's hands). Decided per
 * connection from the piece's state in the store.
 */

/** Editors and admins may always edit; any other role (a writer) not once the piece is locked. */
export function lockedFor(role: string, status: DraftStatus): boolean {
  return role !== 'editor' && role !== 'admin' && LOCKED_FOR_WRITERS.includes(status);
}

export const isPieceDocument = (name: string): boolean => name.startsWith('piece-');

/**
 * Pieces' statuses, each read from the store at most once per `ttlMs`: a
 * writer's typing asks on every update. Another instance's decision reaches
 * this one as news through Redis (StatusNews) before that decision is
 * answered; the ttl is only the fallback for news lost with a Redis
 * connection. Once a status is known, an update never waits for the store:
 * a stale one is answered as known while it is read again for the next.
 */
export class PieceStatuses {
  private readonly cache = new Map<string, { status: Promise<DraftStatus>; at: number; known: boolean }>();

  constructor(
    private readonly store: DocumentStore,
    private readonly ttlMs = 1000,
  ) {}

  status(document: string): Promise<DraftStatus> {
    const now = Date.now();
    const cached = this.cache.get(document);
    if (cached && now - cached.at < this.ttlMs) return cached.status;
    const read = this.store.pieceState(document).then((s) => s?.status ?? 'draft');
    if (cached?.known) {
      cached.at = now;
      // A failed read keeps what was known; the next one after ttlMs tries again. A read overtaken by news of a
      // decision (set() replaced the entry) began before it, so it must not put the old status back.
      read
        .then((status) => {
          if (this.cache.get(document) === cached) this.set(document, status);
        })
        .catch(() => undefined);
      return cached.status;
    }
    const entry = { status: read, at: now, known: false };
    // A failed first read is not kept: the next message asks again.
    read.then(
      () => (entry.known = true),
      () => this.cache.delete(document),
    );
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(document, entry);
    return read;
  }

  /** This instance decided, heard another's decision, or read the store: the next question is answered with it. */
  set(document: string, status: DraftStatus): void {
    this.cache.set(document, { status: Promise.resolve(status), at: Date.now(), known: true });
  }

  /** News may have been missed (Redis was away): every status is read from the store again. */
  forgetAll(): void {
    this.cache.clear();
  }
}

/** The publish and subscribe calls of a Redis client (ioredis, as Hocuspocus's Redis extension holds one). */
export interface PubSubClient {
  status: string;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  once(event: 'ready', listener: () => void): unknown;
  disconnect(): void;
}

/** The Redis channel the instances of one desk tell each other of pieces' new statuses on. */
export const STATUS_CHANNEL = 'copydesk:piece-status';

type Heard =
  | { kind: 'status'; from: string; id: string; document: string; status: DraftStatus }
  | { kind: 'taken'; from: string; to: string; id: string };

function readHeard(message: string): Heard | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.from !== 'string' || typeof v.id !== 'string') return null;
  if (v.kind === 'status' && typeof v.document === 'string' && DRAFT_STATUSES.includes(v.status as DraftStatus))
    return { kind: 'status', from: v.from, id: v.id, document: v.document, status: v.status as DraftStatus };
  if (v.kind === 'taken' && typeof v.to === 'string') return { kind: 'taken', from: v.from, to: v.to, id: v.id };
  return null;
}

/**
 * A piece's new status told to the desk's other instances through Redis, so
 * a writer connected to another instance is locked out before the decision
 * is answered, not when that instance's cache next reads the store. Each
 * instance takes the news (its cache and its connections) and says so; the
 * teller waits for as many as Redis says heard it, at most `waitMs` (an
 * instance that does not answer by then is stuck or gone; the ttl covers it).
 */
export class StatusNews {
  private readonly me = randomUUID();
  private readonly waiting = new Map<string, { needed: number | null; taken: number; done: () => void }>();
  private subscribed = false;

  constructor(
    private readonly pub: PubSubClient,
    private readonly sub: PubSubClient,
    private readonly take: (document: string, status: DraftStatus) => void,
    private readonly lost: () => void,
    private readonly waitMs = 2000,
  ) {}

  async start(): Promise<void> {
    // A SUBSCRIBE sent before the connection's ready check breaks it (ioredis: "Connection in subscriber mode").
    if (this.sub.status !== 'ready') await new Promise<void>((resolve) => this.sub.once('ready', resolve));
    this.sub.on('message', (channel, message) => {
      if (channel === STATUS_CHANNEL) this.heard(message);
    });
    await this.sub.subscribe(STATUS_CHANNEL);
    this.subscribed = true;
    // ioredis subscribes again after a reconnection, but what was told meanwhile never arrives.
    this.sub.on('ready', () => this.lost());
  }

  /** Tells the other instances, and waits until they have taken it (or `waitMs`). */
  async tell(document: string, status: DraftStatus): Promise<void> {
    const id = randomUUID();
    let done = (): void => undefined;
    const taken = new Promise<void>((resolve) => (done = resolve));
    const wait = { needed: null as number | null, taken: 0, done };
    this.waiting.set(id, wait);
    let timer: NodeJS.Timeout | undefined;
    try {
      const heardBy = await this.pub.publish(
        STATUS_CHANNEL,
        JSON.stringify({ kind: 'status', from: this.me, id, document, status }),
      );
      // This instance's own subscription is among those Redis counts.
      wait.needed = heardBy - (this.subscribed ? 1 : 0);
      if (wait.taken >= wait.needed) return;
      timer = setTimeout(done, this.waitMs);
      await taken;
    } catch {
      // Redis is away: the decision stands (it is in the store); the other instances read it within their ttl.
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }

  private heard(message: string): void {
    const heard = readHeard(message);
    if (!heard || heard.from === this.me) return;
    if (heard.kind === 'status') {
      this.take(heard.document, heard.status);
      const answer = { kind: 'taken', from: this.me, to: heard.from, id: heard.id };
      // The teller stops waiting after waitMs anyway: a failed answer costs it that, nothing more.
      this.pub.publish(STATUS_CHANNEL, JSON.stringify(answer)).catch(() => undefined);
      return;
    }
    if (heard.to !== this.me) return;
    const wait = this.waiting.get(heard.id);
    if (!wait) return;
    wait.taken += 1;
    if (wait.needed !== null && wait.taken >= wait.needed) wait.done();
  }

  stop(): void {
    this.sub.disconnect();
  }
}
