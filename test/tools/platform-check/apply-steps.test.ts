import { applySteps } from "../../../tools/platform-check/apply-steps";

describe("applySteps", () => {
  test("finds every local-exec command of terraform_data resources, with its interpreter", () => {
    const stack = {
      resource: {
        terraform_data: {
          A: { provisioner: [{ "local-exec": { command: "echo a", interpreter: ["/bin/bash", "-c"] } }] },
          B: { provisioner: [{ "local-exec": { command: "echo b1" } }, { "remote-exec": {} }, { "local-exec": { command: "echo b2" } }] },
          C: { triggers_replace: { x: 1 } },
        },
        helm_release: { H: { provisioner: [{ "local-exec": { command: "not a terraform_data step" } }] } },
      },
    };
    expect(applySteps(stack)).toEqual([
      { address: "terraform_data.A", interpreter: ["/bin/bash", "-c"], command: "echo a" },
      { address: "terraform_data.B[0]", interpreter: ["/bin/sh", "-c"], command: "echo b1" },
      { address: "terraform_data.B[1]", interpreter: ["/bin/sh", "-c"], command: "echo b2" },
    ]);
  });

  test("a stack without terraform_data has no steps", () => {
    expect(applySteps({ provider: { aws: [{}] } })).toEqual([]);
  });
});
