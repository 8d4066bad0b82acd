// Short-lived, single-use tickets for WebSocket and SSE connections, so browsers never put a token in a URL.
import { randomBytes } from 'node:crypto';
import type { UserPrincipal } from './auth.service.js';

interface Ticket {
  principal: UserPrincipal;
  expiresAt: number;
}

/** Kept in memory: a ticket lives seconds, and one manager process answers the connection it is for. */
export function createTicketService(options: { ttlMs: number; now: () => Date }) {
  const tickets = new Map<string, Ticket>();

  function sweep(at: number): void {
    for (const [key, t] of tickets) if (t.expiresAt <= at) tickets.delete(key);
  }

  return {
    issue(principal: UserPrincipal): { ticket: string; expires_at: string } {
      const at = options.now().getTime();
      sweep(at);
      const ticket = `nqvt_${randomBytes(24).toString('base64url')}`;
      tickets.set(ticket, { principal, expiresAt: at + options.ttlMs });
      return { ticket, expires_at: new Date(at + options.ttlMs).toISOString() };
    },
    /** The ticket's principal, once: the ticket is gone after this call whether or not it was valid. */
    redeem(ticket: string): UserPrincipal | undefined {
      const found = tickets.get(ticket);
      tickets.delete(ticket);
      if (!found || found.expiresAt <= options.now().getTime()) return undefined;
      return found.principal;
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
