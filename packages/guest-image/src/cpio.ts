// Writes cpio "newc" archives (the initramfs format) in memory, with device nodes and root
// ownership that a non-root build could not put on disk.

export type CpioEntry =
  | { readonly type: 'dir'; readonly path: string; readonly mode?: number }
  | { readonly type: 'file'; readonly path: string; readonly data: Buffer; readonly mode?: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string }
  | {
      readonly type: 'char';
      readonly path: string;
      readonly major: number;
      readonly minor: number;
      readonly mode?: number;
    };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

/** Builds a newc archive; owners are root and mtimes zero so the same input gives the same bytes. */
export function buildCpio(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  for (const entry of entries) {
    const { mode, data, rdev } = describe(entry);
    parts.push(
      record(
        entry.path.replace(/^\/+/, ''),
        { ino: ino++, mode, nlink: entry.type === 'dir' ? 2 : 1, rdev },
        data,
      ),
    );
  }
  parts.push(record('TRAILER!!!', { ino: 0, mode: 0, nlink: 1 }, Buffer.alloc(0)));
  return Buffer.concat(parts);
}

function describe(entry: CpioEntry): { mode: number; data: Buffer; rdev?: [number, number] } {
  switch (entry.type) {
    case 'dir':
      return { mode: S_IFDIR | (entry.mode ?? 0o755), data: Buffer.alloc(0) };
    case 'file':
      return { mode: S_IFREG | (entry.mode ?? 0o644), data: entry.data };
    case 'symlink':
      return { mode: S_IFLNK | 0o777, data: Buffer.from(entry.target) };
    case 'char':
      return {
        mode: S_IFCHR | (entry.mode ?? 0o600),
        data: Buffer.alloc(0),
        rdev: [entry.major, entry.minor],
      };
    default: {
      const never: never = entry;
      throw new Error(`unknown cpio entry ${JSON.stringify(never)}`);
    }
  }
}

function record(
  name: string,
  meta: { ino: number; mode: number; nlink: number; rdev?: [number, number] },
  data: Buffer,
): Buffer {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [
    meta.ino,
    meta.mode,
    0, // uid
    0, // gid
    meta.nlink,
    0, // mtime
    data.length,
    0, // devmajor
    0, // devminor
    meta.rdev?.[0] ?? 0,
    meta.rdev?.[1] ?? 0,
    nameBytes.length,
    0, // check
  ];
  const header = Buffer.from(
    `070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`,
    'latin1',
  );
  return Buffer.concat([header, pad(nameBytes, header.length), pad(data, 0)]);
}

// newc aligns both the name (counted from the header start) and the data to 4 bytes.
function pad(bytes: Buffer, alreadyWritten: number): Buffer {
  const rest = (4 - ((alreadyWritten + bytes.length) % 4)) % 4;
  return rest === 0 ? bytes : Buffer.concat([bytes, Buffer.alloc(rest)]);
}
