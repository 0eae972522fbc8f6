import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { regionKeyPolicy } from "./kms-key-policy";

/** Props of {@link AwsRegionKey}. */
export interface AwsRegionKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly aliasName: string;
  /** The account the key lives in; its root administers the key. */
  readonly accountId: string;
  /** The AWS region of the key. */
  readonly region: string;
  /** Log groups CloudWatch Logs may encrypt with the key. @default - none */
  readonly logGroupNames?: readonly string[];
  /** @default 30 - days before a scheduled deletion happens (AWS maximum, most time to cancel) */
  readonly deletionWindowDays?: number;
}

/**
 * The region's customer-managed KMS key: EKS secrets envelope encryption, node volumes,
 * persistent volumes, log groups and the model store. Its key policy is explicit (see
 * {@link regionKeyPolicy}): the default one leaves the Auto Scaling service-linked role and
 * CloudWatch Logs without access, so node groups could not launch. Rotation is on;
 * destroying it is refused by Terraform.
 */
export class AwsRegionKey extends Construct {
  /** The key. */
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AwsRegionKeyProps) {
    super(scope, id);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    this.key = new KmsKey(this, "Key", {
      description: `Envelope and storage encryption for ${props.aliasName}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      // Plain JSON (every value is known at synth), so reviewers and policy rules read it as is.
      policy: JSON.stringify(regionKeyPolicy({ accountId: props.accountId, region: props.region, logGroupNames: props.logGroupNames })),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "Alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }
}
