import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';
import type { PublishAdapter } from '../../publishing/adapter';
import { adapterFor } from '../../publishing/adapters';
import { PublishError, type FetchLike } from '../../publishing/http';
import { redact } from '../../publishing/redact';
import { secretEnvName, type SecretStore } from './secrets';
import { insecureUrlProblem } from '../../common/publish';
import { findTargetRow, type TargetRow } from './targets';

/** Which adapter speaks to a target, with which secret, and the connection test the target's settings offer. */

export interface ConnectOptions {
  secrets: SecretStore;
  fetch: FetchLike;
  /** Deadline of one HTTP request, answer included. */
  timeoutMs: number;
  /** Wall-clock time for tokens and signatures. */
  wallClock: () => number;
}

export class Connector {
  constructor(private readonly options: ConnectOptions) {}

  /** The adapter for a target, with its secret; a missing secret stops here with the way to set one. */
  async open(target: TargetRow): Promise<{ adapter: PublishAdapter; secret: string }> {
    // A target saved before plain http:// was refused is checked again here, before its secret is read.
    const insecure = insecureUrlProblem(target.url);
    if (insecure) throw new PublishError('stop', insecure);
    const secret = await this.options.secrets.get(target.name);
    if (secret === null) {
      throw new PublishError(
        'stop',
        `No secret is set for the target “${target.name}”. In the app, add it in the target's settings; on the command line, set ${secretEnvName(target.name)}.`,
      );
    }
    return { adapter: this.adapter(target, secret), secret };
  }

  /** An adapter with a placeholder secret: only to describe the fields in a preview. */
  offline(target: TargetRow): PublishAdapter {
    return this.adapter(target, '0:00');
  }

  async test(q: Queryable, idOrName: string): Promise<{ ok: boolean; message: string }> {
    const target = await findTargetRow(q, idOrName);
    let secret: string | null = null;
    try {
      const found = await this.open(target);
      secret = found.secret;
      return { ok: true, message: redact(await found.adapter.testConnection(), [secret]) };
    } catch (err) {
      if (err instanceof AppError) throw err;
      const message =
        err instanceof PublishError
          ? err.message
          : `The test failed: ${err instanceof Error ? err.message : String(err)}`;
      return { ok: false, message: redact(message, [secret]) };
    }
  }

  private adapter(target: TargetRow, secret: string): PublishAdapter {
    return adapterFor(target.kind, {
      url: target.url,
      user: target.user,
      secret,
      options: JSON.parse(target.options) as Record<string, unknown>,
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
      now: this.options.wallClock,
    });
  }
}
