// Finds a VM, image, template, snapshot or host by name, by ID, or by an unambiguous ID prefix.
import type { Host, Image, ImageKind, ManagerClient, Snapshot, Template, Vm } from '@nqvm/client';
import { cliErrors } from './cli-errors.js';

interface Named {
  id: string;
  name: string;
}

/** Exact ID, then exact name, then a unique ID prefix; anything else is "not found" or "ambiguous". */
export function pickOne<T extends Named>(items: T[], ref: string, kind: string, list: string): T {
  const byId = items.find((i) => i.id === ref);
  if (byId) return byId;
  const byName = items.filter((i) => i.name === ref);
  if (byName.length === 1 && byName[0]) return byName[0];
  const matches = byName.length > 1 ? byName : items.filter((i) => i.id.startsWith(ref.toLowerCase()));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1)
    throw cliErrors.AMBIGUOUS({
      ref,
      kind,
      matches: matches
        .slice(0, 5)
        .map((m) => `${m.name} (${m.id.slice(0, 8)})`)
        .join(', '),
    });
  throw cliErrors.NOT_FOUND({ kind, ref, list });
}

export async function listAllVms(api: ManagerClient): Promise<Vm[]> {
  const out: Vm[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.vms.list({ limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

export async function resolveVm(api: ManagerClient, ref: string): Promise<Vm> {
  return pickOne(await listAllVms(api), ref, 'VM', 'nqvm vm ls');
}

export async function resolveImage(api: ManagerClient, ref: string, kind?: ImageKind): Promise<Image> {
  const images = await api.images.list(kind ? { kind } : undefined);
  return pickOne(
    images,
    ref,
    kind ? `${kind} image` : 'image',
    `nqvm image ls${kind ? ` --kind ${kind}` : ''}`,
  );
}

export async function resolveTemplate(api: ManagerClient, ref: string): Promise<Template> {
  return pickOne(await api.templates.list(), ref, 'template', 'nqvm template ls');
}

export async function resolveHost(api: ManagerClient, ref: string): Promise<Host> {
  const hosts = await api.hosts.list();
  const picked = pickOne(
    hosts.map((h) => ({ id: h.id, name: h.hostname })),
    ref,
    'host',
    'nqvm host ls',
  );
  return hosts.find((h) => h.id === picked.id) as Host;
}

/** Every snapshot with the name of its VM; the API lists snapshots per VM only. */
export async function listAllSnapshots(
  api: ManagerClient,
  vms?: Vm[],
): Promise<Array<Snapshot & { vm_name: string }>> {
  const out: Array<Snapshot & { vm_name: string }> = [];
  for (const vm of vms ?? (await listAllVms(api)))
    for (const s of await api.snapshots.list(vm.id)) out.push({ ...s, vm_name: vm.name });
  return out;
}

/** A snapshot by ID, ID prefix, name, or `VM/NAME` when two VMs have snapshots of the same name. */
export async function resolveSnapshot(
  api: ManagerClient,
  ref: string,
): Promise<Snapshot & { vm_name: string }> {
  const slash = ref.indexOf('/');
  if (slash > 0) {
    const vm = await resolveVm(api, ref.slice(0, slash));
    const snaps = (await api.snapshots.list(vm.id)).map((s) => ({ ...s, vm_name: vm.name }));
    return pickOne(snaps, ref.slice(slash + 1), `snapshot of ${vm.name}`, `nqvm snapshot ls ${vm.name}`);
  }
  return pickOne(await listAllSnapshots(api), ref, 'snapshot', 'nqvm snapshot ls');
}
