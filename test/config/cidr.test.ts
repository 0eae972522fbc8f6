import { carveRegion, cidrSubnet, cidrsOverlap, coversAllIpv4, isCidr, parseCidr } from "../../config/cidr";

describe("CIDR helpers", () => {
  test("parses and rejects", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ network: 0x0a000000, prefix: 8 });
    expect(isCidr("10.0.0.1/8")).toBe(false); // host bits set
    expect(isCidr("256.0.0.0/8")).toBe(false);
    expect(isCidr("10.0.0.0/33")).toBe(false);
    expect(isCidr("10.0.0.0")).toBe(false);
    expect(isCidr("0.0.0.0/0")).toBe(true);
  });

  test("overlap is symmetric and prefix-aware", () => {
    expect(cidrsOverlap("10.0.0.0/16", "10.0.128.0/17")).toBe(true);
    expect(cidrsOverlap("10.0.128.0/17", "10.0.0.0/16")).toBe(true);
    expect(cidrsOverlap("10.0.0.0/16", "10.1.0.0/16")).toBe(false);
    expect(cidrsOverlap("0.0.0.0/0", "192.168.0.0/24")).toBe(true);
  });

  test("cidrSubnet matches Terraform's cidrsubnet", () => {
    expect(cidrSubnet("10.10.0.0/16", 3, 2)).toBe("10.10.64.0/19");
    expect(cidrSubnet("10.10.0.0/16", 8, 255)).toBe("10.10.255.0/24");
    expect(() => cidrSubnet("10.10.0.0/16", 2, 4)).toThrow("cidrSubnet: 10.10.0.0/16 has no sub-block 4 of /18");
  });
});

describe("carveRegion", () => {
  test("carves a /16 into the documented layout", () => {
    expect(carveRegion("10.10.0.0/16", 3)).toEqual({
      private: ["10.10.0.0/19", "10.10.32.0/19", "10.10.64.0/19"],
      public: ["10.10.192.0/22", "10.10.196.0/22", "10.10.200.0/22"],
      pods: "10.10.128.0/18",
      services: "10.10.224.0/20",
      controlPlane: "10.10.255.240/28",
    });
  });

  test("no two ranges overlap, for every allowed prefix and zone count", () => {
    for (const prefix of [16, 17, 18, 19, 20]) {
      for (let zones = 1; zones <= 4; zones++) {
        const r = carveRegion(`10.0.0.0/${prefix}`, zones);
        const all = [...r.private, ...r.public, r.pods, r.services, r.controlPlane];
        for (let i = 0; i < all.length; i++) {
          for (let j = i + 1; j < all.length; j++) expect([all[i], all[j], cidrsOverlap(all[i], all[j])]).toEqual([all[i], all[j], false]);
        }
      }
    }
  });

  test("adding a zone never moves an existing subnet", () => {
    const two = carveRegion("10.10.0.0/16", 2);
    const three = carveRegion("10.10.0.0/16", 3);
    expect(three.private.slice(0, 2)).toEqual(two.private);
    expect(three.public.slice(0, 2)).toEqual(two.public);
  });

  test("fails when the zone count is outside 1..4", () => {
    expect(() => carveRegion("10.10.0.0/16", 5)).toThrow("carveRegion: zone count must be 1..4, got 5");
  });
});

describe("coversAllIpv4", () => {
  test("a union of halves (or smaller pieces) is the whole internet, without 0.0.0.0/0", () => {
    expect(coversAllIpv4(["0.0.0.0/1", "128.0.0.0/1"])).toBe(true);
    expect(coversAllIpv4(["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"])).toBe(true);
    expect(coversAllIpv4(["0.0.0.0/0"])).toBe(true);
  });

  test("a gap anywhere, even one address, keeps the list closed", () => {
    expect(coversAllIpv4(["0.0.0.0/1"])).toBe(false);
    expect(coversAllIpv4(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7", "254.0.0.0/8", "255.0.0.0/9"])).toBe(false);
    expect(coversAllIpv4(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"])).toBe(true);
    expect(coversAllIpv4(["0.0.0.0/1", "128.0.0.1/1"])).toBe(false); // host bits: not a CIDR, counts for nothing
    expect(coversAllIpv4([])).toBe(false);
  });
});
