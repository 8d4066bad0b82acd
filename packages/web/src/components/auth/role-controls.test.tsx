// @vitest-environment happy-dom
// Rendered components show a role only the controls the manager would accept from it: a viewer sees no
// add/edit/delete/start anywhere, an operator runs VMs and their devices but not the image registry.
import type { Drive, Image, Me, Role, Snapshot, Template } from '@nqvm/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import RegistryPage from '@/app/registry/page';
import TemplatesPage from '@/app/templates/page';
import { DrivesTab } from '@/components/vms/tabs/DrivesTab';
import { SnapshotsTab } from '@/components/vms/tabs/SnapshotsTab';
import { queryKeys } from '@/lib/query-keys';

// The app router is not running here; the pages only need a router object to exist.
vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  usePathname: () => '/',
}));

const at = '2026-01-01T00:00:00Z';
const drive: Drive = {
  id: 'd1',
  vm_id: 'v1',
  drive_id: 'data-1',
  image_id: null,
  path_on_host: '/srv/data-1.ext4',
  is_root_device: false,
  is_read_only: false,
  size_bytes: 1024,
  cache_type: 'Unsafe',
  io_engine: 'Sync',
  rate_limiter: null,
  created_at: at,
  updated_at: at,
};
const snapshot: Snapshot = {
  id: 's1',
  vm_id: 'v1',
  name: 'snap-1',
  snapshot_path: null,
  mem_path: null,
  size_bytes: 1,
  snapshot_type: 'Full',
  state: 'completed',
  parent_id: null,
  track_dirty_pages: false,
  created_at: at,
  updated_at: at,
};
const image: Image = {
  id: 'i1',
  kind: 'rootfs',
  name: 'alpine',
  host_path: '/srv/alpine.ext4',
  sha256: null,
  size: 1,
  project: null,
  origin: 'register',
  status: 'ready',
  progress: { bytes_done: 1, bytes_total: 1 },
  source_url: null,
  version: null,
  error: null,
  created_at: at,
  updated_at: at,
};
const template: Template = {
  id: 't1',
  name: 'small',
  spec: { vcpu: 1, mem_mib: 256 },
  created_at: at,
  updated_at: at,
};

/** Renders `ui` with the caches already holding the signed-in role and the lists: nothing is fetched. */
function renderAs(role: Role, ui: ReactNode) {
  const qc = new QueryClient({
    defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } },
  });
  const me: Me = { username: `a-${role}`, role, user_id: 'u1', token_id: null };
  qc.setQueryData(queryKeys.auth.me(), me);
  qc.setQueryData(queryKeys.vms.drives('v1'), [drive]);
  qc.setQueryData(queryKeys.vms.snapshots('v1'), [snapshot]);
  qc.setQueryData(queryKeys.images.list(undefined), [image]);
  qc.setQueryData(queryKeys.templates.list(), [template]);
  // Mounted-but-closed dialogs (drive, template) ask for these.
  for (const kind of ['data', 'kernel', 'rootfs']) qc.setQueryData(queryKeys.images.list(kind), []);
  qc.setQueryData(queryKeys.vms.list(), []);
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
}

const buttons = () =>
  screen
    .queryAllByRole('button')
    .map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim())
    .filter(Boolean)
    .sort();

/** Records any request: the components must render from the caches alone. */
const fetched: string[] = [];
vi.stubGlobal('fetch', async (url: string) => {
  fetched.push(String(url));
  throw new TypeError('Failed to fetch');
});

afterEach(() => {
  cleanup();
  // Everything came from the seeded caches: a fetch would mean a query the test didn't account for.
  expect(fetched).toEqual([]);
});

describe('VM tabs by role', () => {
  it('gives a viewer the drive and snapshot lists without a single control', () => {
    renderAs('viewer', <DrivesTab vmId="v1" />);
    expect(screen.getByText('data-1')).toBeTruthy();
    expect(buttons()).toEqual([]);
    cleanup();
    renderAs('viewer', <SnapshotsTab vmId="v1" state="running" />);
    expect(screen.getByText('snap-1')).toBeTruthy();
    expect(buttons()).toEqual([]);
  });

  it('gives an operator add, edit, remove, snapshot, restore and delete', () => {
    renderAs('operator', <DrivesTab vmId="v1" />);
    expect(buttons()).toEqual(['Add drive', 'Edit drive data-1', 'Remove drive data-1']);
    cleanup();
    renderAs('operator', <SnapshotsTab vmId="v1" state="running" />);
    expect(buttons()).toEqual(['Create snapshot', 'Delete snapshot snap-1', 'Restore snap-1']);
  });
});

describe('registry and templates by role', () => {
  it('keeps the image registry read-only below admin', () => {
    for (const role of ['viewer', 'operator'] as const) {
      renderAs(role, <RegistryPage />);
      expect(screen.getByText('alpine')).toBeTruthy();
      expect(screen.queryByRole('button', { name: /import image|create volume|delete alpine/i })).toBeNull();
      cleanup();
    }
    renderAs('admin', <RegistryPage />);
    for (const name of ['Import image', 'Create volume', 'Delete alpine'])
      expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('lets an operator create, instantiate and delete templates, and a viewer none of it', () => {
    renderAs('viewer', <TemplatesPage />);
    expect(screen.getByText('small')).toBeTruthy();
    expect(buttons()).toEqual([]);
    cleanup();
    renderAs('operator', <TemplatesPage />);
    expect(buttons()).toEqual(['Create template', 'Delete template small', 'Instantiate small']);
  });
});
