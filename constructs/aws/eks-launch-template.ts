import { Construct } from "constructs";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";

/** Props of {@link EksLaunchTemplate}. */
export interface EksLaunchTemplateProps {
  /** KMS key that encrypts the volumes. */
  readonly kmsKeyArn: string;
  /** Size of the volume that holds images and (on GPU nodes) model weights, GiB. */
  readonly diskSizeGiB: number;
  /** Bottlerocket keeps the OS on xvda and containers on xvdb; AL2023 has one root volume. */
  readonly bottlerocket: boolean;
  /** Tags for the instances and volumes the template launches. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The launch template every managed node group uses: IMDSv2 only with a hop limit of 1
 * (pods cannot reach the node's credentials; they use IRSA), and encrypted gp3 volumes
 * under the region's key.
 */
export class EksLaunchTemplate extends Construct {
  readonly template: LaunchTemplate;

  constructor(scope: Construct, id: string, props: EksLaunchTemplateProps) {
    super(scope, id);
    const volume = (deviceName: string, volumeSize: number) => ({
      deviceName,
      ebs: { volumeSize, volumeType: "gp3", encrypted: "true", kmsKeyId: props.kmsKeyArn, deleteOnTermination: "true" },
    });
    this.template = new LaunchTemplate(this, "Template", {
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: props.bottlerocket
        ? [volume("/dev/xvda", 4), volume("/dev/xvdb", props.diskSizeGiB)]
        : [volume("/dev/xvda", props.diskSizeGiB)],
      tagSpecifications: [
        { resourceType: "instance", tags: { ...props.tags } },
        { resourceType: "volume", tags: { ...props.tags } },
      ],
    });
  }
}
