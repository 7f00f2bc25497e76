import { Worker } from 'node:worker_threads';
import type { ToMain, ToWorker, WorkerSetup } from './newsroomMessages';

/** One thread of newsroom clients (deskNewsroomWorker.ts), answered one message at a time. */
export class ClientThread {
  private readonly worker: Worker;
  private readonly inbox: ToMain[] = [];
  private waiting: ((message: ToMain) => void) | null = null;
  private broken: Error | null = null;

  constructor(setup: WorkerSetup) {
    const script = process.env.COPYDESK_DESK_CLIENTS_WORKER;
    if (!script)
      throw new Error(
        'COPYDESK_DESK_CLIENTS_WORKER is not set: run the desk bench through `npm run bench`, which builds the client thread',
      );
    this.worker = new Worker(script, { workerData: setup });
    this.worker.on('message', (message: ToMain) => this.deliver(message));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`a client thread exited (code ${code})`)));
  }

  private deliver(message: ToMain): void {
    if (message.kind === 'failed') return this.fail(new Error(`a client thread failed: ${message.message}`));
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(message);
    else this.inbox.push(message);
  }

  private fail(err: Error): void {
    this.broken ??= err;
    const waiting = this.waiting;
    this.waiting = null;
    // The waiter rejects on `broken`; an answer of the wrong kind wakes it to see it.
    waiting?.({ kind: 'failed', message: err.message });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** The thread's next message, which must be of `kind`. */
  async next<K extends ToMain['kind']>(kind: K): Promise<Extract<ToMain, { kind: K }>> {
    const message =
      this.inbox.shift() ?? (this.broken ? null : await new Promise<ToMain>((resolve) => (this.waiting = resolve)));
    if (this.broken) throw this.broken;
    if (!message || message.kind !== kind)
      throw new Error(`a client thread answered ${message?.kind ?? 'nothing'} where ${kind} was expected`);
    return message as Extract<ToMain, { kind: K }>;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
