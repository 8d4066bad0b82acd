// Turns any thrown error into the title and description of a toast: the server's `error` and `suggestion`.
import { ApiError } from './api/api-error';

export interface ToastContent {
  title: string;
  description?: string;
}

export function formatErrorToast(err: unknown, action?: string): ToastContent {
  const prefix = action ? `${action}: ` : '';
  if (err instanceof ApiError) {
    const lines: string[] = [];
    if (err.suggestion) lines.push(err.suggestion);
    // The detail helps only when it says more than the title does.
    if (err.faultMessage && err.faultMessage !== err.message) lines.push(err.faultMessage);
    return { title: `${prefix}${err.message}`, description: lines.length ? lines.join(' — ') : undefined };
  }
  if (err instanceof Error) return { title: `${prefix}${err.message || 'Something went wrong'}` };
  return { title: `${prefix}Something went wrong`, description: String(err) };
}
