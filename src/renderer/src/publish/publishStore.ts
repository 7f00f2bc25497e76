import { create } from 'zustand';
import type { ApiOutput } from '../../../common/api';
import type {
  Publication,
  PublishJob,
  PublishPreview,
  PublishTarget,
  PublishTargetKind,
  RemoteStatusChoice,
} from '../../../common/publish';
import { api, messageOf, unwrap } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { useLibrary } from '../library/libraryStore';
import { useReview } from '../review/reviewStore';

/**
 * The publish targets the writer has set up, shared by the Publishing
 * screen and the Publish dialog; whether the dialog is open; and, while it
 * is, the open piece's publications and the outbox job it follows.
 */

export interface TargetForm {
  name: string;
  kind: PublishTargetKind;
  url: string;
  user: string;
  /** Left empty on an edit: the secret already set stays. */
  secret: string;
  /** Webhooks only: images travel as addresses under this base instead of base64. */
  imageBaseUrl: string;
}

interface PublishState {
  targets: PublishTarget[] | null;
  error: string | null;
  dialogOpen: boolean;
  publications: Publication[];
  job: PublishJob | null;
  /** What the outbox said about the job, step by step. */
  jobMessages: string[];
  loadTargets: () => Promise<void>;
  saveTarget: (form: TargetForm, id?: string) => Promise<PublishTarget>;
  removeTarget: (id: string) => Promise<void>;
  /** "Test connection": what the target answered, or what is wrong with it. */
  testTarget: (id: string) => Promise<ApiOutput<'targets.test'>>;
  /** The piece's publications, and a job already in the outbox for it (retrying, say). */
  loadStatus: (draftId: string) => Promise<void>;
  /** The dry run, after saving what is on screen so that it shows it. */
  preview: (draftId: string, target: string, status: RemoteStatusChoice) => Promise<PublishPreview>;
  /** Queues the publish; the outbox's message when there was nothing to send, else null. */
  publish: (draftId: string, target: string, status: RemoteStatusChoice) => Promise<string | null>;
  cancelJob: () => Promise<void>;
  /** Back to the preview: the finished job is no longer followed. */
  clearJob: () => void;
  /** Follows the piece's job through the outbox's progress events; returns the unsubscribe. */
  followJobs: (draftId: string | null) => () => void;
  /** When the job has ended: the piece may be "published" now (a new version), and the library shows where it lives. */
  settleJob: (draftId: string, done: boolean) => Promise<void>;
  openDialog: () => void;
  closeDialog: () => void;
}

function optionsOf(form: TargetForm): Record<string, string> {
  return form.kind === 'webhook' && form.imageBaseUrl.trim() ? { imageBaseUrl: form.imageBaseUrl.trim() } : {};
}

export const usePublish = create<PublishState>((set, get) => ({
  targets: null,
  error: null,
  dialogOpen: false,
  publications: [],
  job: null,
  jobMessages: [],

  async loadTargets() {
    try {
      set({ targets: await unwrap(api().targets.list({})), error: null });
    } catch (err) {
      set({ error: `The publish targets could not be loaded: ${messageOf(err)}` });
    }
  },

  async saveTarget(form, id) {
    const common = {
      name: form.name,
      url: form.url,
      user: form.kind === 'webhook' ? '' : form.user,
      options: optionsOf(form),
    };
    const secret = form.secret ? { secret: form.secret } : {};
    const target = id
      ? await unwrap(api().targets.update({ id, ...common, ...secret }))
      : await unwrap(api().targets.add({ ...common, kind: form.kind, ...secret }));
    await get().loadTargets();
    return target;
  },

  async removeTarget(id) {
    await unwrap(api().targets.remove({ id }));
    await get().loadTargets();
  },

  testTarget(id) {
    return unwrap(api().targets.test({ id }));
  },

  async loadStatus(draftId) {
    const status = await unwrap(api().publish.status({ draftId }));
    const open = status.jobs[status.jobs.length - 1];
    set({ publications: status.publications, job: get().job ?? open ?? null });
  },

  async preview(draftId, target, status) {
    await useOpenDraft.getState().controller?.flush();
    return unwrap(api().publish.preview({ draftId, target, status }));
  },

  async publish(draftId, target, status) {
    set({ jobMessages: [] });
    await useOpenDraft.getState().controller?.flush();
    const result = await unwrap(api().publish.run({ draftId, target, status, wait: false }));
    if (result.kind === 'unchanged') return result.message;
    set({ job: result.job, jobMessages: [result.message] });
    return null;
  },

  async cancelJob() {
    const job = get().job;
    if (job) set({ job: await unwrap(api().publish.cancel({ jobId: job.id })) });
  },

  clearJob() {
    set({ job: null, jobMessages: [] });
  },

  followJobs(draftId) {
    return api().events.subscribe((event) => {
      if (event.type !== 'publish.progress' || event.job.draftId !== draftId) return;
      set({ job: event.job, jobMessages: [...get().jobMessages, event.message] });
    });
  },

  async settleJob(draftId, done) {
    if (done) {
      const draft = await unwrap(api().drafts.get({ id: draftId }));
      useOpenDraft.getState().adopt(draft);
      await Promise.all([useReview.getState().refreshTrail(), get().loadStatus(draftId)]);
    }
    await useLibrary.getState().refresh();
  },

  openDialog() {
    // Each opening follows its own publish from the start.
    set({ dialogOpen: true, publications: [], job: null, jobMessages: [] });
  },

  closeDialog() {
    set({ dialogOpen: false });
  },
}));
