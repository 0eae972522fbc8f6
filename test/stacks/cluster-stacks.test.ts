import { Testing } from "cdktf";
import { AwsClusterStack } from "../../stacks/aws-cluster-stack";
import { GcpClusterStack } from "../../stacks/gcp-cluster-stack";
import { defaultConfig } from "../helpers";

// One snapshot per cluster stack of the default topology, for plan-diff review.
describe("cluster stack snapshots", () => {
  for (const region of defaultConfig().regions) {
    test(`${region.name}-cluster`, () => {
      const app = Testing.app();
      const props = { settings: defaultConfig().settings, region, localStateDir: "../../.." };
      const stack = region.cloud === "aws" ? new AwsClusterStack(app, props) : new GcpClusterStack(app, props);
      expect(Testing.synth(stack)).toMatchSnapshot();
    });
  }
});
