import { awsSubset } from "../../../tools/platform-check/aws-subset";

describe("awsSubset", () => {
  const stack = {
    terraform: { backend: { local: { path: "x" } }, required_providers: { aws: { source: "aws", version: "5.100.0" }, helm: { source: "helm" } } },
    provider: { aws: [{ region: "us-east-1" }], helm: [{}] },
    resource: { aws_iam_role: { R: {} }, helm_release: { H: {} }, terraform_data: { T: {} } },
    data: { aws_eks_cluster: { C: {} } },
  };

  test("keeps what the real AWS provider can validate offline and drops helm/kubernetes", () => {
    expect(awsSubset(stack)).toEqual({
      terraform: { backend: { local: { path: "x" } }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: { aws: [{ region: "us-east-1" }] },
      resource: { aws_iam_role: { R: {} }, terraform_data: { T: {} } },
      data: { aws_eks_cluster: { C: {} } },
    });
  });

  test("has nothing to check in a stack without the AWS provider", () => {
    expect(awsSubset({ provider: { google: [{}] } })).toBeUndefined();
  });
});
