// /api/proxy/health → MANAGER_URL/health, for the /health page (the manager serves it outside /v1).
import { forward } from '@/lib/server/forward';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(req: Request): Promise<Response> {
  return forward(req, '/health');
}
