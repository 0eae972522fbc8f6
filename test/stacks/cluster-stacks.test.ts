import { Testing } from "cdktf";
import { clusterStack } from "../../stacks/app";
import { liveConfig } from "../helpers";

// One snapshot per cluster stack of the live regions/, for plan-diff review.
describe("cluster stack snapshots", () => {
  for (const region of liveConfig().regions) {
    test(`${region.name}-cluster`, () => {
      const app = Testing.app();
      const props = { settings: liveConfig().settings, region, localStateDir: "../../.." };
      const stack = clusterStack(app, props);
      expect(Testing.synth(stack)).toMatchSnapshot();
    });
  }
});
