import type { RevisionReason, RevisionSummary } from '../../../common/domain';

/** Why a version was kept, as the history list and a version's heading say it. */
export const REASONS: Record<RevisionReason, string> = {
  autosave: 'Autosave',
  manual: 'Saved by hand',
  status: 'Status change',
  publish: 'Published',
  restore: 'Restored',
};

/** A version named in a sentence: by its name if it has one, else by its time. */
export function describeRevision(revision: RevisionSummary, time: string): string {
  return revision.name ? `“${revision.name}” (${time})` : `the version of ${time}`;
}
