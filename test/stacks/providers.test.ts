import { stackLabels, stackTags, toGcpLabels } from "../../stacks/providers";
import { defaultConfig } from "../helpers";

describe("provider tags and labels", () => {
  const settings = defaultConfig().settings;

  // Cost reports and incident tooling find a resource's region and stack by these tags.
  test("AWS resources carry the platform tags plus region and stack", () => {
    expect(stackTags({ settings, stack: "us-east-1-platform", region: "us-east-1" })).toEqual({
      platform: "llmp", "managed-by": "cdktf", "llm-platform.dev/region": "us-east-1", "llm-platform.dev/stack": "us-east-1-platform",
    });
    expect(stackTags({ settings, stack: "global" })).not.toHaveProperty("llm-platform.dev/region");
  });

  test("GCP labels keep only the characters GCP allows", () => {
    expect(toGcpLabels({ "Team.Name/x": "ML Platform!" })).toEqual({ "team-name-x": "ml-platform-" });
    expect(stackLabels({ settings, stack: "asia-south1-cluster", region: "asia-south1" })).toMatchObject({
      "llm-platform-region": "asia-south1", "llm-platform-stack": "asia-south1-cluster",
    });
  });
});
