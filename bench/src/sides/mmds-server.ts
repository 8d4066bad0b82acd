// A minimal MMDS (V2 token, text leaves) for plain QEMU guests, so they take the same MMDS step as nqvm's.
// Run as its own process inside the guests' namespace: `node mmds-server.js <metadata.json>`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** The address every MMDS answers on; the guest's boot reaches it through its gateway. */
export const MMDS_ADDRESS = '169.254.169.254';

/** The leaf at a URL path of the metadata, as Firecracker serves it to a text client. */
export function mmdsLeaf(metadata: unknown, path: string): string | undefined {
  let node: unknown = metadata;
  for (const part of path.split('/').filter(Boolean)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[decodeURIComponent(part)];
  }
  if (node === undefined) return undefined;
  return typeof node === 'string' ? node : JSON.stringify(node);
}

function serve(file: string): void {
  const metadata: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const server = createServer((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') return void res.end('bench-mmds-token');
    const leaf =
      req.method === 'GET' ? mmdsLeaf(metadata, (req.url ?? '/').split('?')[0] as string) : undefined;
    res.statusCode = leaf === undefined ? 404 : 200;
    res.end(leaf ?? '');
  });
  server.listen(80, MMDS_ADDRESS, () => process.stdout.write('listening\n'));
}

if (process.argv[1]?.endsWith('mmds-server.js') && process.argv[2]) serve(process.argv[2]);
