import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";

/** Props of {@link AwsRegionKey}. */
export interface AwsRegionKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly aliasName: string;
  /** @default 30 - days before a scheduled deletion happens (AWS maximum, most time to cancel) */
  readonly deletionWindowDays?: number;
}

/**
 * The region's customer-managed KMS key: EKS secrets envelope encryption, node volumes
 * and the model store. Rotation is on; destroying it is refused by Terraform.
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
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "Alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }
}
