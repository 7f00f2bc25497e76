/** What the newsroom bench's main thread and its client threads (deskNewsroomWorker.ts) say to each other. */

export interface NewsroomClient {
  /** This client's row in the shared send-time buffer. */
  slot: number;
  piece: number;
  instance: number;
  url: string;
  document: string;
  token: string;
}

export interface WorkerSetup {
  clients: NewsroomClient[];
  /** Float64 send times, `capacity` per client, indexed by the Yjs clock of the character typed. */
  sentAt: SharedArrayBuffer;
  capacity: number;
  keysPerSecond: number;
  /** Which server instance each slot's client is on. */
  instanceOf: number[];
}

export type ToWorker =
  /** Start typing at `start` (performance.timeOrigin + now), for `seconds`; `slots` maps Yjs client ids to slots. */
  | { kind: 'go'; start: number; seconds: number; slots: Array<[number, number]> }
  | { kind: 'count' }
  | { kind: 'finish' };

export type ToMain =
  | { kind: 'ready'; ids: Array<[number, number]> }
  | { kind: 'typed'; sent: number; overflow: number }
  | { kind: 'count'; received: number }
  /** Milliseconds from send to receipt, `near` for a receiver on the sender's instance, `far` for one on another. */
  | { kind: 'done'; near: Float64Array; far: Float64Array; loopP99Ms: number }
  | { kind: 'failed'; message: string };
