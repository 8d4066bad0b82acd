// Cursor paging for the audit log: the manager gives the next (older) page's cursor; going back to newer
// pages needs the cursors already walked, kept here as a stack.

export interface AuditPaging {
  /** Cursors of the pages shown so far; the last is the current page (undefined = newest). */
  stack: (string | undefined)[];
}

export const FIRST_PAGE: AuditPaging = { stack: [undefined] };

export const currentCursor = (p: AuditPaging): string | undefined => p.stack[p.stack.length - 1];

export const pageNumber = (p: AuditPaging): number => p.stack.length;

export function older(p: AuditPaging, nextCursor: string | null | undefined): AuditPaging {
  return nextCursor ? { stack: [...p.stack, nextCursor] } : p;
}

export function newer(p: AuditPaging): AuditPaging {
  return p.stack.length > 1 ? { stack: p.stack.slice(0, -1) } : p;
}

/** Form fields → the API's query: empty fields dropped, local date-times sent as ISO instants. */
export function auditQueryFrom(form: {
  actor: string;
  action: string;
  target: string;
  result: '' | 'ok' | 'error';
  since: string;
  until: string;
}): {
  actor?: string;
  action?: string;
  target?: string;
  result?: 'ok' | 'error';
  since?: string;
  until?: string;
} {
  const iso = (local: string) => {
    const t = local ? new Date(local).getTime() : Number.NaN;
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  };
  const q = {
    actor: form.actor.trim() || undefined,
    action: form.action.trim() || undefined,
    target: form.target.trim() || undefined,
    result: form.result || undefined,
    since: iso(form.since),
    until: iso(form.until),
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
}
