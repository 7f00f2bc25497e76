import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../common/errors';
import { keptAsideName } from '../db/backup';
import { storageError } from '../db/storageErrors';
import type { SecretProtection, SecretStore } from './secrets';

/** Encrypts a secret for the file and back: Electron's safeStorage in the app. */
export interface SecretSealer {
  available(): boolean;
  seal(secret: string): Buffer;
  unseal(sealed: Buffer): string;
  protection(): SecretProtection;
}

/**
 * Publish secrets kept sealed in a small JSON file of their own (target
 * name → base64 of the sealed bytes), never in SQLite. A file that cannot be
 * read as that is never taken for "no secrets" and written over: it is kept
 * aside, renamed like a damaged database, and the operation that found it
 * fails saying so; from then on the store starts from an empty file.
 */
export class FileSecretStore implements SecretStore {
  private cache: Record<string, string> | null = null;

  constructor(
    private readonly file: string,
    private readonly sealer: SecretSealer,
    private readonly now: () => number = Date.now,
  ) {}

  private async load(): Promise<Record<string, string>> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = {});
      throw storageError(err, this.file) ?? err;
    }
    const why = damage(text);
    if (why) {
      const keptAs = keptAsideName(this.file, this.now());
      await rename(this.file, keptAs);
      throw new AppError(
        'storage',
        `The file of publish secrets was damaged (${why}), so Copydesk did not read it or write over it: it was kept as ${keptAs}. ` +
          'Enter the secrets of your publish targets again.',
      );
    }
    return (this.cache = JSON.parse(text) as Record<string, string>);
  }

  private async save(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    await writeFile(partial, JSON.stringify(all), { mode: 0o600 });
    await rename(partial, this.file);
  }

  async get(name: string): Promise<string | null> {
    const all = await this.load();
    const sealed = Object.hasOwn(all, name) ? all[name] : undefined;
    if (!sealed || !this.sealer.available()) return null;
    return this.sealer.unseal(Buffer.from(sealed, 'base64'));
  }

  async set(name: string, secret: string): Promise<void> {
    if (!this.sealer.available())
      throw new Error('This system offers no way to encrypt the secret, so Copydesk will not store it.');
    const all = { ...(await this.load()), [name]: this.sealer.seal(secret).toString('base64') };
    await this.save(all);
    this.cache = all;
  }

  async delete(name: string): Promise<void> {
    const all = { ...(await this.load()) };
    if (!Object.hasOwn(all, name)) return;
    delete all[name];
    await this.save(all);
    this.cache = all;
  }

  protection(): SecretProtection {
    return this.sealer.protection();
  }
}

/** What is wrong with the file's text, or null when it is a JSON object of base64 strings. */
function damage(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.length === 0 ? 'it is empty' : 'it is not JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'it does not hold a list of targets';
  for (const value of Object.values(parsed)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return 'a secret in it is not sealed text';
  }
  return null;
}
