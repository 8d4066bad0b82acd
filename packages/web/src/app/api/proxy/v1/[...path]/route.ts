// /api/proxy/v1/* → MANAGER_URL/v1/*: the only way the browser reaches the REST API.
import { forward } from '@/lib/server/forward';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  const { path } = await ctx.params;
  return forward(req, `/v1/${path.map(encodeURIComponent).join('/')}`);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
