import { byPriority, regionId } from "../../../constructs/contracts";

describe("regionId", () => {
  test("is PascalCase", () => {
    expect(regionId("asia-south1")).toBe("AsiaSouth1");
    expect(regionId("eu-west-1")).toBe("EuWest_1");
  });

  test("keeps an AWS-style and a GCP-style name apart (construct ids must be unique)", () => {
    expect(regionId("us-east-1")).not.toBe(regionId("us-east1"));
  });
});

test("byPriority orders by failover priority, not by input order", () => {
  expect(byPriority([{ priority: 3 }, { priority: 1 }, { priority: 2 }]).map((e) => e.priority)).toEqual([1, 2, 3]);
});
