import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The desk keeps each publish target's secret (a WordPress application
 * password, a Ghost Admin key, a webhook secret) sealed with AES-256-GCM
 * under a key from the server's environment, so a copy of the database
 * alone holds no CMS credential. The key never reaches the database.
 */

export const SECRET_KEY_ENV = 'COPYDESK_SERVER_KEY';

const HOW_TO_MAKE = `Make one with \`openssl rand -base64 32\` and set ${SECRET_KEY_ENV} in the server's environment.`;

export class SecretKeyError extends Error {}

/** The key from the environment (32 bytes, base64 or 64 hex digits), or null when it is not set. */
export function secretKeyFrom(env: NodeJS.ProcessEnv): Buffer | null {
  const value = env[SECRET_KEY_ENV]?.trim();
  if (!value) return null;
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32)
    throw new SecretKeyError(`${SECRET_KEY_ENV} must hold 32 bytes (it holds ${key.length}). ${HOW_TO_MAKE}`);
  return key;
}

export function requireSecretKey(env: NodeJS.ProcessEnv): Buffer {
  const key = secretKeyFrom(env);
  if (!key)
    throw new SecretKeyError(`The desk keeps publish secrets sealed, and ${SECRET_KEY_ENV} is not set. ${HOW_TO_MAKE}`);
  return key;
}

/** `v1.` then base64url of the 12-byte nonce, the 16-byte tag and the ciphertext. */
export function sealSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
}

export function openSecret(key: Buffer, sealed: string): string {
  if (!sealed.startsWith('v1.')) throw new SecretKeyError('This sealed secret is in an unknown format.');
  const bytes = Buffer.from(sealed.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(
      `A publish secret could not be opened with this ${SECRET_KEY_ENV}: the key changed since the secret was set. Set the old key, or set the target's secret again.`,
    );
  }
}
