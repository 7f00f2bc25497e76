import { safeStorage } from 'electron';
import { FileSecretStore } from '../publish/secretsFile';

/**
 * Publish secrets in the app: encrypted with Electron's safeStorage (the OS
 * keychain's key) into a small file of their own beside the database, never
 * into SQLite. On Linux without a keyring safeStorage falls back to
 * `basic_text`, a fixed key; `protection()` says so and the UI tells the user.
 */
export class SafeStorageSecretStore extends FileSecretStore {
  constructor(file: string) {
    super(file, {
      available: () => safeStorage.isEncryptionAvailable(),
      seal: (secret) => safeStorage.encryptString(secret),
      unseal: (sealed) => safeStorage.decryptString(sealed),
      protection: () =>
        process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
          ? 'basic_text'
          : 'protected',
    });
  }
}
