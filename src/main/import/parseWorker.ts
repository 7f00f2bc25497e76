import { parentPort } from 'node:worker_threads';
import { parseFailure, parseImportFile, type ParseJob } from './parseFile';

/**
 * The import worker's entry (built as importWorker.js beside the main
 * bundle): parses one file per message, so the main process's event loop
 * never waits on a parser. Nothing here writes; the answer goes back.
 */

export type ParseAnswer = { ok: true; piece: Awaited<ReturnType<typeof parseImportFile>> } | { ok: false; message: string };

/** The first message: the parsers are loaded, so a file's time limit counts parsing only. */
export const WORKER_READY = 'ready';

const port = parentPort;
if (!port) throw new Error('parseWorker.ts runs as a worker thread.');
port.on('message', (job: ParseJob) => {
  parseImportFile(job).then(
    (piece) => port.postMessage({ ok: true, piece } satisfies ParseAnswer),
    (err: unknown) => port.postMessage({ ok: false, message: parseFailure(err) } satisfies ParseAnswer),
  );
});
port.postMessage(WORKER_READY);
