import { create } from 'zustand';
import type { PublishTarget, PublishTargetKind } from '../../../common/publish';
import type { ApiOutput } from '../../../common/api';
import { api, messageOf, unwrap } from '../api';

/**
 * The publish targets the writer has set up, shared by the Publishing
 * screen and the Publish dialog, and whether the dialog is open. What a
 * single publish is doing lives in the dialog: it follows one job.
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
  loadTargets(): Promise<void>;
  saveTarget(form: TargetForm, id?: string): Promise<PublishTarget>;
  removeTarget(id: string): Promise<void>;
  /** "Test connection": what the target answered, or what is wrong with it. */
  testTarget(id: string): Promise<ApiOutput<'targets.test'>>;
  openDialog(): void;
  closeDialog(): void;
}

function optionsOf(form: TargetForm): Record<string, string> {
  return form.kind === 'webhook' && form.imageBaseUrl.trim() ? { imageBaseUrl: form.imageBaseUrl.trim() } : {};
}

export const usePublish = create<PublishState>((set, get) => ({
  targets: null,
  error: null,
  dialogOpen: false,

  async loadTargets() {
    try {
      set({ targets: await unwrap(api().targets.list({})), error: null });
    } catch (err) {
      set({ error: `The publish targets could not be loaded: ${messageOf(err)}` });
    }
  },

  async saveTarget(form, id) {
    const common = { name: form.name, url: form.url, user: form.kind === 'webhook' ? '' : form.user, options: optionsOf(form) };
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

  openDialog() {
    set({ dialogOpen: true });
  },

  closeDialog() {
    set({ dialogOpen: false });
  },
}));
