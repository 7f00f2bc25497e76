import type { AppEvent } from '../../common/api';
import type { FolderExportResult } from '../../common/exchange';
import type { StoreContext } from '../services/context';
import { exportToFolder, type ExportToFolderInput } from './exportDrafts';

/**
 * Folder exports the writer can watch and stop: each named export reports
 * its progress as events and can be cancelled, keeping what it wrote.
 */
export class ExportJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly emit: (event: AppEvent) => void,
  ) {}

  /** `input.dir` is the folder a grant covers, already resolved by the caller. */
  async run(input: ExportToFolderInput & { jobId?: string | undefined }): Promise<FolderExportResult> {
    const { jobId } = input;
    if (jobId === undefined) return exportToFolder(this.ctx, input);
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      return await exportToFolder(this.ctx, input, {
        signal: controller.signal,
        onProgress: (done, total) => this.emit({ type: 'export.progress', jobId, done, total }),
      });
    } finally {
      this.running.delete(jobId);
    }
  }

  cancel(jobId: string): { cancelled: boolean } {
    const controller = this.running.get(jobId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }
}
