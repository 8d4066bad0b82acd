// The cached VM list as data: API objects in list order, each VM JSON-encoded once, grouped in blocks
// whose encodings are kept too, so a change re-encodes one VM and re-joins one block, not 10,000 VMs.

import type { VmWithHost } from '../repositories/vm.repository.js';
import type { VmListDelta } from '../repositories/vm-list.repository.js';
import { toVm } from './mappers.js';

type VmItem = ReturnType<typeof toVm>;
type Redact = <T>(payload: T) => T;

/** One VM, encoded at most once per variant; replaced (never changed) when its row changes. */
interface Entry {
  item: VmItem;
  full?: Buffer;
  redacted?: Buffer;
}

/** Encodings of BLOCK consecutive VMs, joined; dropped when one of them changes. */
interface Block {
  full?: Buffer;
  redacted?: Buffer;
}

/** ~80 blocks for 10,000 VMs: re-joining a block or the whole body is then a few small copies. */
const BLOCK = 128;

export interface VmList {
  version: string;
  order: Entry[];
  /** Index in `order` by id; shared between lists with the same members. */
  positions: Map<string, number>;
  blocks: Block[];
  full?: Buffer;
  redacted?: Buffer;
}

const HEAD = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');
const TAIL = Buffer.from('],"next_cursor":null}');

const entryOf = (row: VmWithHost): Entry => ({ item: toVm(row) });

function listOf(version: string, order: Entry[]): VmList {
  const positions = new Map<string, number>();
  for (let i = 0; i < order.length; i++) positions.set((order[i] as Entry).item.id, i);
  const blocks = Array.from({ length: Math.ceil(order.length / BLOCK) }, () => ({}));
  return { version, order, positions, blocks };
}

/** The list from a complete delta (every listed row, in order). */
export const wholeList = (delta: VmListDelta): VmList => listOf(delta.version, delta.rows.map(entryOf));

/**
 * Does the delta need the database's order? Only when a VM is new here, or a row was deleted outright
 * (it leaves no stamped row); a VM now being deleted is simply left out.
 */
export function changesMembership(base: VmList, rows: VmWithHost[], deleted: boolean): boolean {
  return deleted || rows.some((row) => row.state !== 'deleting' && !base.positions.has(row.id));
}

/**
 * A newer list from an older one and what changed since; unchanged VMs keep their encodings, and with
 * the same members so do the blocks around them. undefined: the delta does not fit (re-read all).
 */
export function applyDelta(base: VmList, delta: VmListDelta): VmList | undefined {
  if (!delta.order) {
    const order = base.order.slice();
    const blocks = base.blocks.slice();
    let leaving = false;
    for (const row of delta.rows) {
      const at = base.positions.get(row.id);
      if (at === undefined) {
        if (row.state === 'deleting') continue; // neither listed before nor now
        return undefined; // a new VM: changesMembership asked for the order, so this cannot be
      }
      if (row.state === 'deleting') leaving = true;
      order[at] = entryOf(row);
      blocks[Math.floor(at / BLOCK)] = {};
    }
    if (!leaving) return { version: delta.version, order, positions: base.positions, blocks };
    // VMs now being deleted leave; the rest keep their order (and encodings), the blocks are re-cut.
    const kept = order.filter((e) => e.item.state !== 'deleting');
    return listOf(delta.version, kept);
  }
  const changed = new Map<string, VmWithHost>();
  for (const row of delta.rows) changed.set(row.id, row);
  const order: Entry[] = [];
  for (const id of delta.order) {
    const row = changed.get(id);
    const known = base.positions.get(id);
    if (row) order.push(entryOf(row));
    else if (known !== undefined) order.push(base.order[known] as Entry);
    else return undefined; // cannot happen with commit-ordered stamps; re-read all rather than guess
  }
  return listOf(delta.version, order);
}

export function itemOf(list: VmList, id: string): VmItem | undefined {
  const at = list.positions.get(id);
  return at === undefined ? undefined : list.order[at]?.item;
}

function piece(e: Entry, redact: Redact | undefined): Buffer {
  if (redact) {
    e.redacted ??= Buffer.from(JSON.stringify(redact(e.item)));
    return e.redacted;
  }
  e.full ??= Buffer.from(JSON.stringify(e.item));
  return e.full;
}

function joinBlock(list: VmList, b: number, redact: Redact | undefined): Buffer {
  const block = list.blocks[b] as Block;
  const kept = redact ? block.redacted : block.full;
  if (kept) return kept;
  const parts: Buffer[] = [];
  const end = Math.min(list.order.length, (b + 1) * BLOCK);
  for (let i = b * BLOCK; i < end; i++) {
    if (i > b * BLOCK) parts.push(COMMA);
    parts.push(piece(list.order[i] as Entry, redact));
  }
  const joined = Buffer.concat(parts);
  if (redact) block.redacted = joined;
  else block.full = joined;
  return joined;
}

/** `{items, next_cursor: null}`, host paths hidden when `redact` is given; kept on the list. */
export function bodyOf(list: VmList, redact: Redact | undefined): Buffer {
  const kept = redact ? list.redacted : list.full;
  if (kept) return kept;
  const parts: Buffer[] = [HEAD];
  for (let b = 0; b < list.blocks.length; b++) {
    if (b > 0) parts.push(COMMA);
    parts.push(joinBlock(list, b, redact));
  }
  parts.push(TAIL);
  const body = Buffer.concat(parts);
  if (redact) list.redacted = body;
  else list.full = body;
  return body;
}
