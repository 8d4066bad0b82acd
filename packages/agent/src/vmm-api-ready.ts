// Waits for a freshly spawned VMM's API socket: woken by the socket file appearing, not by a tight poll.
import { lstat } from 'node:fs/promises';
import { fileAppears } from '@nqvm/core';
import { createFirecrackerClient, type FirecrackerClient } from '@nqvm/fc-api';
import { agentErrors } from './agent-errors.js';
import type { ExitInfo } from './exit-watcher.js';

/** Safety net for an inotify event we never get (e.g. a watch that could not be set up). */
const SLOW_POLL_MS = 100;
/** The file exists from bind(); listen() follows at once, so a refused connect is retried soon. */
const REFUSED_RETRY_MS = 2;

/**
 * Resolves with a client once the VMM answers `GET /`. Until the socket file exists it sleeps
 * on an fs.watch of the socket's directory (one wake-up when the VMM binds), so a start costs
 * one request instead of a 5 ms poll's average 2.5 ms plus its wasted requests. Fails fast,
 * with the exit status, when the process exits first.
 */
export async function waitForApi(
  id: string,
  apiSock: string,
  exited: Promise<ExitInfo>,
  timeoutMs: number,
): Promise<FirecrackerClient> {
  const client = createFirecrackerClient(apiSock, { timeoutMs: 30_000 });
  let gone: ExitInfo | undefined;
  const created = fileAppears(apiSock);
  void exited.then((info) => {
    gone = info;
    created.wake();
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  try {
    while (Date.now() < deadline) {
      if (gone) {
        const how = gone.signal ? `signal ${gone.signal}` : `code ${gone.code ?? 'unknown'}`;
        throw agentErrors.VMM_START({ id, detail: `VMM exited (${how}) before its API answered` });
      }
      const exists = await lstat(apiSock).then(
        () => true,
        () => false,
      );
      if (exists) {
        try {
          await client.describeInstance();
          return client;
        } catch (err) {
          lastError = (err as Error).message;
        }
      }
      await created.wait(exists ? REFUSED_RETRY_MS : SLOW_POLL_MS);
    }
    throw agentErrors.VMM_START({
      id,
      detail: `API socket not answering after ${timeoutMs} ms: ${lastError}`,
    });
  } catch (err) {
    client.close();
    throw err;
  } finally {
    created.close();
  }
}
