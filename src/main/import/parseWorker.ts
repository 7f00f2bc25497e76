import { parentPort, type TransferListItem } from 'node:worker_threads';
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
/** Its embedded images' short names, as sent, with the data: URIs they stand for in its body. */
let embedded = new Map<string, string>();

async function answer(request: WorkerRequest): Promise<ParsedImport | PreparedDraft> {
  if (request.type === 'parse') {
    piece = null;
    piece = await parseImportFile(request.job);
    const summary = summarize(piece);
    embedded = summary.embedded;
    return summary.parsed;
  }
  if (!piece) throw new Error('The import worker was asked to prepare a draft before parsing a file.');
  const ids = new Map([...request.imageIds].map(([src, id]) => [embedded.get(src) ?? src, id]));
  const prepared = prepareDraft(piece, ids, request.topImage);
  piece = null;
  embedded = new Map();
  return prepared;
}

/** The arrays an answer hands over rather than copies: the body's bytes, the embedded images' bytes. */
function transferable(value: ParsedImport | PreparedDraft): TransferListItem[] {
  if ('body' in value) return [value.body.json.buffer, value.body.text.buffer];
  return value.figures.flatMap((f) => (f.bytes ? [f.bytes.buffer] : []));
}

port.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (value) => port.postMessage({ ok: true, value }, transferable(value)),
    (err: unknown) => port.postMessage({ ok: false, message: parseFailure(err) } satisfies WorkerAnswer<never>),
  );
});
port.postMessage(WORKER_READY);
