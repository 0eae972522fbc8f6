import { Construct } from "constructs";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";

/** Props of {@link GcpRegionKey}. */
export interface GcpRegionKeyProps {
  readonly name: string;
  /** The GCP region; keys must live where the data they encrypt lives. */
  readonly location: string;
  /** The project number, which names the Google service agents that use the key. */
  readonly projectNumber: string;
  /** @default "7776000s" - rotate every 90 days */
  readonly rotationPeriod?: string;
}

/**
 * The region's Cloud KMS key: GKE application-layer secrets encryption, node boot disks
 * and the model bucket. Rotation is on and the GKE, Compute and Storage service agents
 * may use it; destroying it is refused by Terraform.
 */
export class GcpRegionKey extends Construct {
  readonly key: KmsCryptoKey;
  /** Grants that must exist before anything encrypts with the key. */
  readonly grants: KmsCryptoKeyIamMember[];

  constructor(scope: Construct, id: string, props: GcpRegionKeyProps) {
    super(scope, id);
    const rotationPeriod = props.rotationPeriod ?? "7776000s";
    const ring = new KmsKeyRing(this, "Ring", { name: props.name, location: props.location, lifecycle: { preventDestroy: true } });
    this.key = new KmsCryptoKey(this, "Key", {
      name: props.name,
      keyRing: ring.id,
      rotationPeriod,
      purpose: "ENCRYPT_DECRYPT",
      lifecycle: { preventDestroy: true },
    });
    const agents = {
      Gke: `service-${props.projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
      Compute: `service-${props.projectNumber}@compute-system.iam.gserviceaccount.com`,
      Storage: `service-${props.projectNumber}@gs-project-accounts.iam.gserviceaccount.com`,
    };
    this.grants = Object.entries(agents).map(([id, email]) => new KmsCryptoKeyIamMember(this, `${id}Agent`, {
      cryptoKeyId: this.key.id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:${email}`,
    }));
  }
}
