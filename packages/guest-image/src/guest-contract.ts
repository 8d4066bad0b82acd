// What the default guest promises its host: the readiness line and the kernel parameters it reads.

/** Printed on the console once the root shell can take commands (again after each shell respawn). */
export const GUEST_READY_LINE = 'nqvm-guest: ready';

/** Kernel parameter that starts the guest's MMDS identity loop (`/usr/libexec/nqvm/mmds-identity`). */
export const MMDS_IDENTITY_PARAM = 'nqvm.mmds=1';

/** What the guest reads of its identity in MMDS: text leaves under `nqvm/identity/`. */
export const MMDS_IDENTITY_KEYS = ['generation', 'hostname', 'nics'] as const;

/** One NIC as the host allocated it; the guest finds its interface by `mac`. */
export interface GuestNic {
  readonly iface_id: string;
  readonly mac: string;
  readonly ip: string;
  readonly prefix: number;
  readonly gateway: string;
}

/**
 * The `nqvm/identity/nics` leaf: one line per NIC, `<iface_id> <mac> <ip> <prefix> <gateway>`
 * (MMDS serves no arrays as text, and a line is what the guest's shell reads). The first NIC is
 * the primary one (MMDS answers on it): it carries the default route.
 */
export function formatMmdsNics(nics: readonly GuestNic[]): string {
  return nics
    .map((n) => {
      const fields = [n.iface_id, n.mac, n.ip, String(n.prefix), n.gateway];
      for (const field of fields) {
        if (!field || /\s/.test(field)) throw new Error(`MMDS NIC field "${field}" must be a non-empty word`);
      }
      return fields.join(' ');
    })
    .join('\n');
}

export interface GuestIpConfig {
  readonly address: string;
  readonly netmask?: string;
  readonly gateway?: string;
  readonly hostname?: string;
  /** Defaults to the guest's first NIC (eth0). */
  readonly device?: string;
  readonly dns?: readonly string[];
}

/**
 * Formats the kernel's `ip=` parameter, which the guest init applies itself:
 * `ip=<client-ip>:<server-ip>:<gw-ip>:<netmask>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>`.
 */
export function formatIpParam(config: GuestIpConfig): string {
  const [dns0 = '', dns1 = ''] = config.dns ?? [];
  const fields = [
    config.address,
    '',
    config.gateway ?? '',
    config.netmask ?? '',
    config.hostname ?? '',
    config.device ?? '',
    'off',
    dns0,
    dns1,
  ];
  for (const field of fields) {
    if (/[:\s]/.test(field)) throw new Error(`ip= field "${field}" must not contain ':' or spaces`);
  }
  return `ip=${fields.join(':').replace(/:+$/, '')}`;
}

export interface GuestCmdlineOptions {
  readonly ip?: GuestIpConfig;
  readonly hostname?: string;
  /**
   * `nqvm.mmds=1`: the guest configures every NIC from `nqvm/identity` in MMDS (V2, on its
   * eth0) at boot, and re-applies MACs, addresses, default route and hostname whenever
   * `generation` changes.
   */
  readonly mmdsIdentity?: boolean;
  /** Appended as is (e.g. `root=/dev/vdb`). */
  readonly extra?: readonly string[];
}

/**
 * A quiet serial-console command line for the default guest: `panic=-1` so a panic ends QEMU
 * (with -no-reboot), `pci=off` because microvm has no PCI bus.
 */
export function guestKernelCmdline(options: GuestCmdlineOptions = {}): string {
  const args = ['console=ttyS0', 'quiet', 'panic=-1', 'pci=off'];
  if (options.ip) args.push(formatIpParam(options.ip));
  if (options.hostname) {
    if (/\s/.test(options.hostname)) throw new Error('hostname must not contain spaces');
    args.push(`nqvm.hostname=${options.hostname}`);
  }
  if (options.mmdsIdentity) args.push(MMDS_IDENTITY_PARAM);
  args.push(...(options.extra ?? []));
  return args.join(' ');
}
