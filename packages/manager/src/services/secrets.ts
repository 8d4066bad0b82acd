// Password hashing (argon2id) and API token secrets (high-entropy, so a sha256 is enough to store).
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Tokens we mint carry a prefix so they are easy to spot in logs and secret scanners. */
export const newTokenSecret = (): string => `nqvm_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const hashPassword = (password: string): Promise<string> => hash(password);

// Verified against when the user does not exist, so a wrong username costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A generated password for the first admin: 24 url-safe characters (144 bits). */
export const newPassword = (): string => randomBytes(18).toString('base64url');
