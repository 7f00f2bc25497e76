import type { ServiceHandlers } from '../../common/api';
import type { StoreContext } from '../services/context';
import type { Outbox } from './outbox';
import type { SecretStore } from './secrets';
import { addTarget, listTargets, removeTarget, updateTarget } from './targets';

type PublishMethods = Extract<keyof ServiceHandlers, `targets.${string}` | `publish.${string}`>;

/** The targets.* and publish.* methods of the API contract. */
export function publishHandlers(
  ctx: StoreContext,
  outbox: Outbox,
  secrets: SecretStore,
): Pick<ServiceHandlers, PublishMethods> {
  return {
    'targets.list': () => listTargets(ctx, secrets),
    'targets.add': (input) => addTarget(ctx, secrets, input),
    'targets.update': (input) => updateTarget(ctx, secrets, input),
    'targets.remove': ({ id }) => removeTarget(ctx, secrets, id),
    'targets.test': ({ id }) => outbox.testConnection(id),
    'publish.preview': ({ draftId, target, status }) => outbox.preview(draftId, target, status),
    'publish.run': async ({ draftId, target, status, wait }) => {
      if (wait) return outbox.publish(draftId, target, status);
      const outcome = await outbox.enqueue(draftId, target, status);
      if (outcome.kind === 'job') void outbox.run(outcome.job.id).catch(() => undefined);
      return outcome;
    },
    'publish.status': ({ draftId }) => outbox.status(draftId),
    'publish.jobs': (input) => outbox.listJobs(input),
    'publish.cancel': ({ jobId }) => outbox.cancel(jobId),
  };
}
