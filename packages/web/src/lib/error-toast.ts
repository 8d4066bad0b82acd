// Turns any thrown error into the title and description of a toast: the server's `error` and `suggestion`.
import { ManagerApiError } from '@nqvm/client';

export interface ToastContent {
  title: string;
  description?: string;
}

/** fetch() rejects with a TypeError when nothing answers (web server down, browser offline). */
export function isNetworkError(err: unknown): boolean {
  return err instanceof TypeError && /fetch|network|load failed/i.test(err.message);
}

export function formatErrorToast(err: unknown, action?: string): ToastContent {
  const prefix = action ? `${action}: ` : '';
  if (err instanceof ManagerApiError) {
    const { error, suggestion, fault_message } = err.body;
    const lines: string[] = [];
    if (suggestion) lines.push(suggestion);
    // The detail helps only when it says more than the title does.
    if (fault_message && fault_message !== error) lines.push(fault_message);
    return { title: `${prefix}${error}`, description: lines.length ? lines.join(' — ') : undefined };
  }
  if (isNetworkError(err)) {
    return {
      title: `${prefix}Cannot reach the web server`,
      description: `Check that the nqvm web app is running and your network is up — ${(err as Error).message}`,
    };
  }
  if (err instanceof Error) return { title: `${prefix}${err.message || 'Something went wrong'}` };
  return { title: `${prefix}Something went wrong`, description: String(err) };
}
