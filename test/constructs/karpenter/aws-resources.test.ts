import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { Testing } from "cdktf";
import {
  interruptionQueuePolicy, KARPENTER_INTERRUPTION_RULES, karpenterControllerPolicies, karpenterValues,
} from "../../../constructs/karpenter";
import { chartDefaults, REFERENCE_DIR, unknownValuePaths } from "../../reference";
import { defaultConfig } from "../../helpers";
import { AwsClusterStack } from "../../../stacks/aws-cluster-stack";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Upstream's getting-started CloudFormation template at v1.14.1 (vendored unchanged as
 * reference/karpenter/cloudformation-v1.14.1.yaml), with its intrinsic functions kept as
 * tagged values so the test can substitute them.
 */
// Every intrinsic in the template is a scalar (`!Sub "..."`, `!GetAtt X.Arn`, `!Ref X`).
const tag = (name: string) => ({ tag: `!${name}`, resolve: (value: string) => ({ [name]: value }) });
const CFN_FILE = path.join(REFERENCE_DIR, "karpenter", "cloudformation-v1.14.1.yaml");
const CFN = parseYaml(fs.readFileSync(CFN_FILE, "utf8"), {
  customTags: [
    tag("Sub"), tag("GetAtt"), tag("Ref"),
  ],
}) as { Resources: Record<string, { Type: string; Properties: Obj }> };

const SCOPE = {
  partition: "aws", region: "us-east-1", accountId: "111122223333", clusterName: "llmp-us-east-1",
  nodeRoleArn: "arn:aws:iam::111122223333:role/llmp-us-east-1-karpenter-node", queueArn: "arn:aws:sqs:us-east-1:111122223333:llmp-us-east-1",
};

function upstreamPolicy(logicalName: string): Obj[] {
  const sub = (CFN.Resources[logicalName].Properties.PolicyDocument as { Sub: string }).Sub;
  const text = sub
    .replaceAll("${AWS::Partition}", SCOPE.partition)
    .replaceAll("${AWS::Region}", SCOPE.region)
    .replaceAll("${AWS::AccountId}", SCOPE.accountId)
    .replaceAll("${ClusterName}", SCOPE.clusterName)
    .replaceAll("${KarpenterNodeRole.Arn}", SCOPE.nodeRoleArn)
    .replaceAll("${KarpenterInterruptionQueue.Arn}", SCOPE.queueArn);
  expect(text).not.toContain("${");
  return (JSON.parse(text) as { Statement: Obj[] }).Statement;
}

describe("the controller's IAM equals upstream's getting-started template at v1.14.1", () => {
  const ours = karpenterControllerPolicies(SCOPE);
  const upstreamNames = Object.entries(CFN.Resources).filter(([, r]) => r.Type === "AWS::IAM::ManagedPolicy").map(([n]) => n).sort();

  test("the same six policies", () => {
    expect(Object.keys(ours).sort()).toEqual(upstreamNames);
  });

  test.each(upstreamNames)("%s: statement for statement", (name) => {
    expect(ours[name]).toEqual(upstreamPolicy(name));
  });

  test("the same EventBridge rules into the queue", () => {
    const rules = Object.entries(CFN.Resources).filter(([, r]) => r.Type === "AWS::Events::Rule")
      .map(([n, r]) => [n, { source: r.Properties.EventPattern.source[0], detailType: r.Properties.EventPattern["detail-type"][0] }]);
    expect(Object.fromEntries(rules)).toEqual(KARPENTER_INTERRUPTION_RULES);
  });

  test("the same queue policy, and a queue with SSE and 300 s retention", () => {
    const q = CFN.Resources.KarpenterInterruptionQueuePolicy.Properties.PolicyDocument as Obj;
    const ours = interruptionQueuePolicy("QUEUE_ARN");
    const upstream = JSON.parse(JSON.stringify(q).replaceAll('{"GetAtt":"KarpenterInterruptionQueue.Arn"}', '"QUEUE_ARN"'));
    expect({ Id: ours.Id, Statement: ours.Statement }).toEqual(upstream);
    expect(CFN.Resources.KarpenterInterruptionQueue.Properties).toMatchObject({ MessageRetentionPeriod: 300, SqsManagedSseEnabled: true });
  });

  test("the node role has upstream's managed policies", () => {
    const upstream = (CFN.Resources.KarpenterNodeRole.Properties.ManagedPolicyArns as { Sub: string }[])
      .map((p) => p.Sub.replace("${AWS::Partition}", "aws").split("/").pop()).sort();
    const stack = clusterStack();
    const attached = Object.values(stack.resource.aws_iam_role_policy_attachment as Record<string, Obj>)
      .filter((a) => String(a.role).includes("Karpenter_NodeRole")).map((a) => String(a.policy_arn).split("/").pop()).sort();
    expect(attached).toEqual(upstream);
  });
});

function clusterStack(): Obj {
  const config = defaultConfig();
  const region = config.regions.find((r) => r.name === "us-east-1")!;
  const app = Testing.app();
  const stack = new AwsClusterStack(app, { settings: config.settings, region, localStateDir: "state" });
  return JSON.parse(Testing.synth(stack)) as Obj;
}

describe("AwsClusterStack with Karpenter", () => {
  const stack = clusterStack();
  const res = stack.resource as Record<string, Record<string, Obj>>;

  test("no EKS managed node group serves a GPU pool any more: only the system group remains", () => {
    expect(Object.keys(res.aws_eks_node_group)).toEqual([expect.stringMatching(/^Eks_SystemNodes_/)]);
  });

  test("the node role gets an EC2_LINUX access entry (the cluster uses access entries only)", () => {
    const entries = Object.values(res.aws_eks_access_entry).filter((e) => e.type === "EC2_LINUX");
    expect(entries).toHaveLength(1);
    expect(String(entries[0].principal_arn)).toContain("aws_iam_role.Karpenter_NodeRole");
  });

  test("the controller role trusts only kube-system/karpenter through the cluster's OIDC provider", () => {
    const role = Object.values(res.aws_iam_role).find((r) => r.name === "llmp-us-east-1-karpenter")!;
    expect(role.assume_role_policy).toContain("system:serviceaccount:kube-system:karpenter");
    expect(role.assume_role_policy).toContain("sts:AssumeRoleWithWebIdentity");
  });

  test("the interruption queue is SSE-encrypted and fed by five EventBridge rules", () => {
    expect(Object.values(res.aws_sqs_queue)).toEqual([expect.objectContaining({ name: "llmp-us-east-1", sqs_managed_sse_enabled: true, message_retention_seconds: 300 })]);
    expect(Object.keys(res.aws_cloudwatch_event_rule)).toHaveLength(5);
    expect(Object.values(res.aws_cloudwatch_event_target).every((t) => String(t.arn).includes("aws_sqs_queue.Karpenter_InterruptionQueue"))).toBe(true);
  });

  test("private subnets and the cluster security group carry the discovery tag", () => {
    const privateSubnets = Object.values(res.aws_subnet).filter((s) => String(s.tags.Name).includes("-private-"));
    expect(privateSubnets.length).toBeGreaterThan(0);
    expect(privateSubnets.every((s) => s.tags["karpenter.sh/discovery"] === "llmp-us-east-1")).toBe(true);
    expect(Object.values(res.aws_ec2_tag)).toEqual([expect.objectContaining({ key: "karpenter.sh/discovery", value: "llmp-us-east-1" })]);
  });

  test("the controller may use the region key only through EC2 (encrypted node volumes)", () => {
    const kms = Object.values(res.aws_iam_policy).find((p) => String(p.policy).includes("AllowNodeVolumeEncryptionThroughEC2"))!;
    expect(kms.policy).toContain("ec2.us-east-1.amazonaws.com");
    expect(kms.policy).toContain("aws_kms_key.Key_");
  });
});

test("every chart value the platform sets exists in the karpenter 1.14.1 chart defaults", () => {
  const values = karpenterValues({ clusterName: "c", controllerRoleArn: "arn", interruptionQueueName: "q", systemNodeLabels: { "llm-platform.dev/pool": "system" } });
  expect(unknownValuePaths(values, chartDefaults("karpenter-v1.14.1.values.yaml"))).toEqual([]);
  expect(unknownValuePaths({ settings: { clusterNme: "c" } }, chartDefaults("karpenter-v1.14.1.values.yaml"))).toEqual(["settings.clusterNme"]);
});
