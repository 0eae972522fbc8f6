import type { StackJson } from "../../../policies";
import { redirectRemoteStates, remoteStateStack, seededState } from "../../../tools/terraform-check/patch";

describe("redirectRemoteStates", () => {
  test("points every remote state at a seeded local file named after the stack it reads", () => {
    const stack: StackJson = {
      data: {
        terraform_remote_state: {
          A: { backend: "local", config: { path: "../../../us-east-1-cluster.tfstate" } },
          B: { backend: "s3", config: { bucket: "b", key: "gpu-llm-platform/eu-west-1-cluster.tfstate", region: "eu-west-1" } },
          C: { backend: "gcs", config: { bucket: "b", prefix: "gpu-llm-platform/asia-south1-cluster" } },
        },
      },
    };
    const seeded = redirectRemoteStates(stack, "/w");
    expect(seeded).toEqual([
      { stack: "us-east-1-cluster", path: "/w/us-east-1-cluster.tfstate" },
      { stack: "eu-west-1-cluster", path: "/w/eu-west-1-cluster.tfstate" },
      { stack: "asia-south1-cluster", path: "/w/asia-south1-cluster.tfstate" },
    ]);
    // An S3 or GCS remote state would call the cloud at plan time; offline it must read the file.
    expect((stack.data as { terraform_remote_state: Record<string, unknown> }).terraform_remote_state.B).toEqual({
      backend: "local",
      config: { path: "/w/eu-west-1-cluster.tfstate" },
    });
  });

  test("fails when a remote state names no stack", () => {
    expect(() => remoteStateStack({ backend: "http", config: { address: "x" } })).toThrow("terraform_remote_state with backend http names no stack");
  });
});

describe("seededState", () => {
  test("holds exactly the producer's declared outputs, lists keeping their length", () => {
    const producer: StackJson = {
      output: {
        serving_ips: { value: ["${aws_eip.a.public_ip}", "${aws_eip.b.public_ip}"] },
        kms_key_arn: { value: "${aws_kms_key.k.arn}" },
        vpc_id: { value: "${aws_vpc.v.id}" },
      },
    };
    const state = seededState(producer) as { version: number; outputs: Record<string, { value: unknown }> };
    expect(state.version).toBe(4);
    expect(Object.keys(state.outputs)).toEqual(["serving_ips", "kms_key_arn", "vpc_id"]);
    // Addresses from the documentation range, so a plan shows placeholders for what they are.
    expect(state.outputs.serving_ips.value).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(state.outputs.kms_key_arn.value).toMatch(/^arn:aws:kms:/);
    expect(state.outputs.vpc_id.value).toBe("offline-vpc-id-0");
  });
});
