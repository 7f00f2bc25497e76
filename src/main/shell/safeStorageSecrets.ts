import { safeStorage } from 'electron';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretProtection, SecretStore } from '../publish/secrets';

/**
 * Publish secrets in the app: encrypted with Electron's safeStorage (the OS
 * keychain's key) into a small file of their own beside the database, never
 * into SQLite. On Linux without a keyring safeStorage falls back to
 * `basic_text`, a fixed key; `protection()` says so and the UI tells the user.
 */
export class SafeStorageSecretStore implements SecretStore {
  private cache: Record<string, string> | null = null;

  constructor(private readonly file: string) {}

  private async load(): Promise<Record<string, string>> {
    if (this.cache) return this.cache;
    try {
      this.cache = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, string>;
    } catch {
      this.cache = {};
    }
    return this.cache;
  }

  private async save(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    await writeFile(partial, JSON.stringify(all), { mode: 0o600 });
    await rename(partial, this.file);
  }

  async get(name: string): Promise<string | null> {
    const sealed = (await this.load())[name];
    if (!sealed || !safeStorage.isEncryptionAvailable()) return null;
    return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  }

  async set(name: string, secret: string): Promise<void> {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('This system offers no way to encrypt the secret, so Copydesk will not store it.');
    const all = { ...(await this.load()), [name]: safeStorage.encryptString(secret).toString('base64') };
    await this.save(all);
    this.cache = all;
  }

  async delete(name: string): Promise<void> {
    const all = { ...(await this.load()) };
    if (!(name in all)) return;
    delete all[name];
    await this.save(all);
    this.cache = all;
  }

  protection(): SecretProtection {
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
    return 'protected';
  }
}
