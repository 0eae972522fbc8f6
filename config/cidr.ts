/** Pure IPv4 CIDR helpers: parsing, overlap and subnet carving. No I/O. */

/** A parsed IPv4 block: network address as an unsigned 32-bit number and the prefix length. */
export interface Ipv4Block {
  readonly network: number;
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when malformed or when host bits are set. */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  const m = CIDR_RE.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const network = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((network & hostMask(prefix)) !== 0) return undefined;
  return { network, prefix };
}

/** True when `cidr` is a well-formed IPv4 CIDR with no host bits set. */
export function isCidr(cidr: string): boolean {
  return parseCidr(cidr) !== undefined;
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

/** Formats a block back to `a.b.c.d/n`. */
export function formatCidr(block: Ipv4Block): string {
  const n = block.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${block.prefix}`;
}

/** True when two well-formed CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const prefix = Math.min(x.prefix, y.prefix);
  const mask = (~hostMask(prefix)) >>> 0;
  return ((x.network & mask) >>> 0) === ((y.network & mask) >>> 0);
}

/**
 * True when the blocks together hold every IPv4 address, with or without a literal
 * 0.0.0.0/0 among them (0.0.0.0/1 + 128.0.0.0/1 opens as much). Malformed entries count
 * for nothing.
 */
export function coversAllIpv4(cidrs: readonly string[]): boolean {
  const ranges = cidrs
    .map(parseCidr)
    .filter((b): b is Ipv4Block => b !== undefined)
    .map((b) => [b.network, b.network + 2 ** (32 - b.prefix)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0; // every address below this one is in some block
  for (const [start, end] of ranges) {
    if (start > covered) return false;
    covered = Math.max(covered, end);
  }
  return covered >= 2 ** 32;
}

/** The `index`-th sub-block of `cidr` that is `extraBits` longer (like Terraform's `cidrsubnet`). */
export function cidrSubnet(cidr: string, extraBits: number, index: number): string {
  const block = parseCidr(cidr);
  if (!block) throw new Error(`cidrSubnet: not a CIDR: ${cidr}`);
  const prefix = block.prefix + extraBits;
  if (prefix > 32 || index < 0 || index >= 2 ** extraBits) {
    throw new Error(`cidrSubnet: ${cidr} has no sub-block ${index} of /${prefix}`);
  }
  return formatCidr({ network: (block.network + index * 2 ** (32 - prefix)) >>> 0, prefix });
}

/** The address ranges one region's network is carved into. */
export interface RegionSubnets {
  /** Node (and, on EKS, pod) subnets, one per zone. */
  readonly private: readonly string[];
  /** Load-balancer and NAT subnets, one per zone. */
  readonly public: readonly string[];
  /** GKE secondary range for pods. */
  readonly pods: string;
  /** GKE secondary range for services. */
  readonly services: string;
  /** GKE control-plane peering range (/28). */
  readonly controlPlane: string;
}

/** Most zones one region may use: the layout below has room for four. */
export const MAX_ZONES = 4;

/**
 * Carves a region CIDR (/16 to /20) into fixed, non-overlapping ranges so that adding a
 * zone never moves an existing subnet:
 * - first half: private subnets, one eighth of the block per zone (4 zones at most);
 * - third quarter: GKE pods;
 * - fourth quarter, first half: public subnets, 1/64 of the block each;
 * - fourth quarter, second half: GKE services (1/16) and the control-plane /28 at its end.
 */
export function carveRegion(cidr: string, zoneCount: number): RegionSubnets {
  if (zoneCount < 1 || zoneCount > MAX_ZONES) {
    throw new Error(`carveRegion: zone count must be 1..${MAX_ZONES}, got ${zoneCount}`);
  }
  const zones = Array.from({ length: zoneCount }, (_, i) => i);
  const lastQuarter = cidrSubnet(cidr, 2, 3);
  const servicesAndCp = cidrSubnet(lastQuarter, 1, 1);
  const cpParent = cidrSubnet(servicesAndCp, 1, 1);
  const cpBits = 28 - parseCidr(cpParent)!.prefix;
  return {
    private: zones.map((i) => cidrSubnet(cidr, 3, i)),
    public: zones.map((i) => cidrSubnet(lastQuarter, 4, i)),
    pods: cidrSubnet(cidr, 2, 2),
    services: cidrSubnet(servicesAndCp, 1, 0),
    controlPlane: cidrSubnet(cpParent, cpBits, 2 ** cpBits - 1),
  };
}

/** Source ranges that mean "the whole internet". */
export const OPEN_WORLD_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

/**
 * True when a list of source ranges includes the whole internet: 0.0.0.0/0 or ::/0, or
 * IPv4 blocks that together cover every address (0.0.0.0/1 + 128.0.0.0/1). The one test
 * behind the federation endpoint's input check, its policy and the exposure policies.
 */
export function opensWorld(cidrs: readonly string[]): boolean {
  return cidrs.some((c) => OPEN_WORLD_CIDRS.includes(c)) || coversAllIpv4(cidrs);
}
