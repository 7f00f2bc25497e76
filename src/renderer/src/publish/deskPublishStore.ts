import { create } from 'zustand';
import type { ApiInput } from '../../../common/api';
import type { DeskPublishJob, DeskTarget } from '../../../common/desk/workflow';
import { api, unwrap } from '../api';

/** Publishing a shared piece from the desk: the newsroom's targets and the piece's jobs, as the desk's server has them. */
interface DeskPublishState {
  targets: DeskTarget[] | null;
  jobs: DeskPublishJob[];
  loadTargets: () => Promise<void>;
  loadJobs: (draftId: string) => Promise<void>;
  order: (input: ApiInput<'desk.publish'>) => Promise<DeskPublishJob>;
}

export const useDeskPublish = create<DeskPublishState>((set) => ({
  targets: null,
  jobs: [],
  async loadTargets() {
    set({ targets: await unwrap(api().desk.targets({})) });
  },
  async loadJobs(draftId) {
    set({ jobs: await unwrap(api().desk.publishJobs({ draftId })) });
  },
  async order(input) {
    const job = await unwrap(api().desk.publish(input));
    set((s) => ({ jobs: [job, ...s.jobs.filter((j) => j.id !== job.id)] }));
    return job;
  },
}));
