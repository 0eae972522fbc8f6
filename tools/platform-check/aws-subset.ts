import type { StackJson, TerraformBlocks } from "../../policies";

/**
 * The part of a platform stack that the real AWS provider can check offline: the AWS
 * provider, every `aws_*` resource and data source (the model-reader IRSA role, its
 * policy, the lookups) and Terraform's built-in `terraform_data` (the CRD step). Helm
 * and Kubernetes resources are left out because the local plugin mirror has no such
 * providers. Pure; undefined when the stack has no AWS part.
 */
export function awsSubset(stack: StackJson): StackJson | undefined {
  const keep = (type: string) => type.startsWith("aws_") || type === "terraform_data";
  const pick = (blocks: TerraformBlocks | undefined): TerraformBlocks | undefined => {
    const entries = Object.entries(blocks ?? {}).filter(([type]) => keep(type));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  if (!stack.provider?.aws) return undefined;
  const requiredProviders = stack.terraform?.required_providers ?? {};
  const resource = pick(stack.resource);
  const data = pick(stack.data);
  return {
    terraform: { ...stack.terraform, required_providers: { aws: requiredProviders.aws } },
    provider: { aws: stack.provider.aws },
    ...(resource ? { resource } : {}),
    ...(data ? { data } : {}),
  };
}
