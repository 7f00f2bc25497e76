import type { PublishTargetKind } from '../common/publish';
import type { AdapterConfig, PublishAdapter } from './adapter';
import { GhostAdapter } from './ghost';
import { HttpClient, type FetchLike } from './http';
import { WebhookAdapter } from './webhook';
import { WordPressAdapter } from './wordpress';

/** Which adapter speaks to each kind of target: the app's outbox and the desk's server both ask here. */

const SERVICE_NAMES: Record<PublishTargetKind, string> = {
  wordpress: 'WordPress',
  ghost: 'Ghost',
  webhook: 'The webhook',
};

export interface AdapterSettings extends Omit<AdapterConfig, 'http'> {
  fetch: FetchLike;
  /** Deadline of one HTTP request, answer included. */
  timeoutMs: number;
}

export function adapterFor(kind: PublishTargetKind, settings: AdapterSettings): PublishAdapter {
  const { fetch, timeoutMs, ...rest } = settings;
  const config: AdapterConfig = { ...rest, http: new HttpClient({ fetch, timeoutMs, service: SERVICE_NAMES[kind] }) };
  return kind === 'wordpress'
    ? new WordPressAdapter(config)
    : kind === 'ghost'
      ? new GhostAdapter(config)
      : new WebhookAdapter(config);
}
