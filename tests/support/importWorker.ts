import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleForNode, PROJECT_ROOT } from '../../scripts/lib/bundle-node.mjs';

/**
 * Vitest's global setup: the import worker runs as its own script, which
 * the sources cannot be, so it is built once per run from the current
 * sources (as electron-vite builds it for the app) and named in
 * COPYDESK_IMPORT_WORKER for the tests' processes.
 */
export default async function buildImportWorker(): Promise<() => void> {
  const dir = join(PROJECT_ROOT, 'node_modules', '.cache', `copydesk-import-worker-${process.pid}`);
  const [script] = await bundleForNode(['src/main/import/parseWorker.ts'], dir);
  process.env.COPYDESK_IMPORT_WORKER = script;
  return () => rmSync(dir, { recursive: true, force: true });
}
