// Single-use tickets for connections that can't carry an Authorization header (WebSocket, SSE).
import { http } from './http';

export interface Ticket {
  ticket: string;
  expires_at: string;
}

export const ticketsApi = {
  create: () => http.post<Ticket>('/tickets', {}),
};
