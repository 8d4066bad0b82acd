// The registration credential on disk (mode 0600): who this host is to the manager, and its secret.
import { chmod } from 'node:fs/promises';
import { readJsonFile, writeJsonFile } from './json-file.js';

export interface StoredCredential {
  host_id: string;
  credential: string;
}

export type CredentialStore = ReturnType<typeof createCredentialStore>;

export function createCredentialStore(file: string) {
  return {
    load: () => readJsonFile<StoredCredential>(file),
    async save(value: StoredCredential): Promise<void> {
      await writeJsonFile(file, value, 0o600);
      // rename keeps the temp file's mode, but an umask may have narrowed it differently: be explicit.
      await chmod(file, 0o600);
    },
  };
}
