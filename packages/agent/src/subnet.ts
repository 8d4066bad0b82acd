// IPv4 subnet arithmetic for the guest network: the bridge takes .1, guests get the rest.
export interface Subnet {
  cidr: string;
  prefix: number;
  /** Network address as an unsigned 32-bit number. */
  base: number;
  bridgeIp: string;
  netmask: string;
  /** Host offsets guests may use: 2 .. broadcast-1. */
  firstGuest: number;
  lastGuest: number;
}

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

export function parseSubnet(cidr: string): Subnet {
  const [addr, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (!addr || !Number.isInteger(prefix) || prefix < 8 || prefix > 29) {
    throw new Error(`NQVM_SUBNET must be an IPv4 CIDR with a prefix of /8 to /29, got ${cidr}`);
  }
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  const base = (ipToInt(addr) & mask) >>> 0;
  const size = 2 ** (32 - prefix);
  return {
    cidr: `${intToIp(base)}/${prefix}`,
    prefix,
    base,
    bridgeIp: intToIp(base + 1),
    netmask: intToIp(mask),
    firstGuest: 2,
    lastGuest: size - 2,
  };
}
