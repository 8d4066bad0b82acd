// What to offer for the word being typed: subcommands, flags, or names the manager knows.
import { createManagerClient, type ManagerClient } from '@nqvm/client';
import type { Completes, Node } from '../api/command.js';
import { optionsOf } from '../api/command.js';
import { resolveConnection } from '../api/connection.js';
import { listAllSnapshots, listAllVms } from '../api/resolve.js';
import { ROLES } from '../api/roles.js';

/** Printed alone, it tells the shell script to complete file names itself. */
export const FILES = '__files__';

export interface TopLevel {
  names: string[];
  node(name: string): Promise<Node | undefined>;
}

/** `words` are the words after `nqvm`, the last one being the (possibly empty) word under the cursor. */
export async function completeWords(top: TopLevel, words: string[]): Promise<string[]> {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  if (!before.length) return top.names;
  let node = await top.node(before[0] as string);
  let i = 1;
  while (node?.kind === 'group') {
    if (i === before.length) return node.children.map((c) => c.name);
    const next: Node | undefined = node.children.find((c) => c.name === before[i]);
    node = next;
    i++;
  }
  if (!node) return [];
  const options = optionsOf(node);
  const flags = Object.keys(options).map((n) => `--${n}`);
  if (current.startsWith('-')) return [...flags, '--help'];
  // The value of an option that takes one?
  const prev = before[before.length - 1];
  if (prev?.startsWith('--') && i <= before.length - 1) {
    const spec = options[prev.slice(2)];
    if (spec?.type === 'string') return spec.completes ? names(spec.completes) : [];
  }
  // Otherwise a positional: count the positionals typed so far, skipping option values.
  let index = 0;
  for (let j = i; j < before.length; j++) {
    const w = before[j] as string;
    if (w.startsWith('--')) {
      if (options[w.slice(2)]?.type === 'string') j++;
    } else index++;
  }
  const kind = node.completes?.[index];
  return kind ? names(kind) : flags;
}

async function names(kind: Completes): Promise<string[]> {
  if (kind === 'file') return [FILES];
  if (kind === 'kind') return ['kernel', 'initrd', 'rootfs', 'data'];
  if (kind === 'role') return [...ROLES];
  const conn = resolveConnection();
  // A shell waiting on Tab must not hang on an absent manager.
  const api: ManagerClient = createManagerClient({
    baseUrl: conn.url,
    ...(conn.token ? { token: conn.token } : {}),
    fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(2000) }),
  });
  try {
    switch (kind) {
      case 'vm':
        return (await listAllVms(api)).map((v) => v.name);
      case 'image':
        return (await api.images.list()).map((i) => i.name);
      case 'template':
        return (await api.templates.list()).map((t) => t.name);
      case 'snapshot':
        return (await listAllSnapshots(api)).map((s) => s.name);
      case 'host':
        return (await api.hosts.list()).map((h) => h.hostname);
      case 'user':
        return (await api.users.list()).map((u) => u.username);
    }
  } catch {
    return [];
  }
}
