import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { IMPORT_LIMITS } from '../../common/import/limits';
import type { ParsedImport, ParseJob, PreparedDraft } from './parseFile';
import type { WORKER_READY, WorkerAnswer, WorkerRequest } from './parseWorker';
import { ImportFileError } from './resolveImages';

/**
 * Parses imported files on a worker thread, one at a time, so that the main
 * process (the window's, or the CLI's) keeps answering while a large file is
 * read. A file that takes longer than the limit, or runs the worker out of
 * memory, ends that worker and fails alone; the next file gets a new one.
 */

/** The worker's file, built beside the main bundle (electron.vite.config.ts). */
export const IMPORT_WORKER_FILE = 'importWorker.js';

/**
 * Where the built worker is: beside this bundle in the app and the CLI; the
 * test and benchmark builds, which run the sources, name theirs in
 * COPYDESK_IMPORT_WORKER.
 */
function workerScript(): string {
  return process.env.COPYDESK_IMPORT_WORKER ?? join(__dirname, IMPORT_WORKER_FILE);
}

export class ImportParser {
  private worker: Promise<Worker> | null = null;

  constructor(private readonly limits: { parseSeconds: number } = IMPORT_LIMITS) {}

  /** Parses a file; what comes back is what the caller needs to import its images. */
  parse(job: ParseJob): Promise<ParsedImport> {
    const { buffer, byteLength } = job.bytes;
    // The bytes move to the worker rather than being copied, when they own their memory.
    const transfer = buffer instanceof ArrayBuffer && buffer.byteLength === byteLength ? [buffer] : [];
    return this.request<ParsedImport>({ type: 'parse', job }, job.fileName, transfer);
  }

  /** The draft of the file parsed last, its figures pointing at the images' ids, validated and serialized for the store. */
  prepare(
    fileName: string,
    imageIds: ReadonlyMap<string, string | null>,
    topImage: string | null,
  ): Promise<PreparedDraft> {
    return this.request<PreparedDraft>({ type: 'prepare', imageIds, topImage }, fileName, []);
  }

  private async request<T>(request: WorkerRequest, fileName: string, transfer: ArrayBuffer[]): Promise<T> {
    const worker = await (this.worker ??= startWorker()).catch((err: unknown) => {
      this.worker = null;
      // Its code is read from disk as it starts: a failing disk shows up here as a module that cannot be loaded.
      throw new ImportFileError(
        `Copydesk could not start reading ${fileName}: ${err instanceof Error ? err.message : String(err)}. Nothing was imported from it; try again.`,
      );
    });
    const answer = await new Promise<WorkerAnswer<T>>((resolve, reject) => {
      const seconds = this.limits.parseSeconds;
      const timer = setTimeout(
        () =>
          fail(
            new ImportFileError(
              `Reading ${fileName} took longer than ${seconds} s, the limit for one file; it was stopped.`,
            ),
          ),
        seconds * 1000,
      );
      const done = () => {
        clearTimeout(timer);
        worker.off('message', answered);
        worker.off('error', crashed);
        worker.off('exit', exited);
      };
      const fail = (err: Error) => {
        done();
        // A worker stopped mid-file is not reused.
        this.worker = null;
        void worker.terminate();
        reject(err);
      };
      const answered = (message: WorkerAnswer<T>) => {
        done();
        resolve(message);
      };
      const crashed = (err: Error & { code?: string }) =>
        fail(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportFileError(
                `Reading ${fileName} needed more than the ${IMPORT_LIMITS.workerHeapMb} MB of memory an import may use; it was stopped.`,
              )
            : err,
        );
      const exited = (code: number) =>
        fail(new Error(`The import worker stopped (exit code ${code}) while reading ${fileName}.`));
      worker.once('message', answered);
      worker.once('error', crashed);
      worker.once('exit', exited);
      worker.postMessage(request, transfer);
    });
    if (!answer.ok) throw new ImportFileError(answer.message);
    return answer.value;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }
}

/** A worker whose parsers have loaded (its first message says so). */
function startWorker(): Promise<Worker> {
  const worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: IMPORT_LIMITS.workerHeapMb } });
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      worker.off('message', ready);
      worker.off('error', failed);
      worker.off('exit', exited);
      outcome();
    };
    const ready = (message: typeof WORKER_READY) =>
      settle(() =>
        message === 'ready' ? resolve(worker) : reject(new Error(`The import worker said "${String(message)}" first.`)),
      );
    const failed = (err: Error) => settle(() => reject(err));
    const exited = (code: number) =>
      settle(() => reject(new Error(`The import worker stopped as it started (exit code ${code}).`)));
    worker.once('message', ready);
    worker.once('error', failed);
    worker.once('exit', exited);
  });
}
