/**
 * Where a publish target's secret lives: never in SQLite, never in a log,
 * an export or an error message, never sent to the renderer (which only
 * learns whether one is set). The app keeps secrets with Electron's
 * safeStorage in a file of sealed secrets (publish/secretsFile.ts, sealed by
 * shell/safeStorageSecrets.ts); the CLI and the tests
 * read them from the environment or keep them in memory.
 */

export type SecretProtection =
  /** Encrypted with a key the operating system keeps (Keychain, DPAPI, libsecret/kwallet). */
  | 'protected'
  /** Linux's `basic_text` backend: written with a fixed key, so not really protected. */
  | 'basic_text'
  /** Held only in memory or read from the environment; nothing is written. */
  | 'not_stored';

export interface SecretStore {
  get(targetName: string): Promise<string | null>;
  set(targetName: string, secret: string): Promise<void>;
  delete(targetName: string): Promise<void>;
  protection(): SecretProtection;
}

/** `COPYDESK_SECRET_<NAME>`: the name upper-cased, anything not a letter or digit as `_`. */
export function secretEnvName(targetName: string): string {
  return `COPYDESK_SECRET_${targetName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [name, secret] of Object.entries(initial)) this.secrets.set(name, secret);
  }

  async get(name: string): Promise<string | null> {
    return this.secrets.get(name) ?? null;
  }

  async set(name: string, secret: string): Promise<void> {
    this.secrets.set(name, secret);
  }

  async delete(name: string): Promise<void> {
    this.secrets.delete(name);
  }

  protection(): SecretProtection {
    return 'not_stored';
  }
}

/**
 * Reads `COPYDESK_SECRET_<NAME>` from the environment; the CLI's store. It
 * refuses to store anything: a command line must not write secrets anywhere.
 */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  async get(name: string): Promise<string | null> {
    const value = this.env[secretEnvName(name)];
    return value === undefined || value === '' ? null : value;
  }

  async set(name: string): Promise<void> {
    throw new Error(`The command line does not store secrets; set ${secretEnvName(name)} in the environment instead.`);
  }

  async delete(): Promise<void> {
    // Nothing is stored.
  }

  protection(): SecretProtection {
    return 'not_stored';
  }
}
