import { parentPort } from 'node:worker_threads';
import type { ImportedPiece } from '../../common/import/markdown';
import {
  parseFailure,
  parseImportFile,
  prepareDraft,
  summarize,
  type ParsedImport,
  type ParseJob,
  type PreparedDraft,
} from './parseFile';

/**
 * The import worker's entry (built as importWorker.js beside the main
 * bundle): parses one file, then, once the main thread has imported its
 * images, prepares its draft, so the main process's event loop never waits
 * on a parser or holds a body. Nothing here writes; the answers go back.
 */

export type WorkerRequest =
  | { type: 'parse'; job: ParseJob }
  | { type: 'prepare'; imageIds: ReadonlyMap<string, string | null>; topImage: string | null };
export type WorkerAnswer<T> = { ok: true; value: T } | { ok: false; message: string };

/** The first message: the parsers are loaded, so a file's time limit counts parsing only. */
export const WORKER_READY = 'ready';

const port = parentPort;
if (!port) throw new Error('parseWorker.ts runs as a worker thread.');
/** The file parsed last, kept here until its draft is prepared. */
let piece: ImportedPiece | null = null;

async function answer(request: WorkerRequest): Promise<ParsedImport | PreparedDraft> {
  if (request.type === 'parse') {
    piece = null;
    piece = await parseImportFile(request.job);
    return summarize(piece);
  }
  if (!piece) throw new Error('The import worker was asked to prepare a draft before parsing a file.');
  const prepared = prepareDraft(piece, request.imageIds, request.topImage);
  piece = null;
  return prepared;
}

port.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (value) =>
      port.postMessage({ ok: true, value }, 'body' in value ? [value.body.json.buffer, value.body.text.buffer] : []),
    (err: unknown) => port.postMessage({ ok: false, message: parseFailure(err) } satisfies WorkerAnswer<never>),
  );
});
port.postMessage(WORKER_READY);
