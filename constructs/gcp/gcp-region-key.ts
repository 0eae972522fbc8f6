import { Construct } from "constructs";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import type { ITerraformDependable } from "cdktf";

/** Props of {@link GcpRegionKey}. */
export interface GcpRegionKeyProps {
  readonly name: string;
  /** The GCP region; keys must live where the data they encrypt lives. */
  readonly location: string;
  /** The project number, which names the Google service agents that use the key. */
  readonly projectNumber: string;
  /** The enabled APIs (KMS, Compute, GKE, Storage): their service agents exist only once enabled. @default - none */
  readonly dependsOn?: ITerraformDependable[];
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
    const ring = new KmsKeyRing(this, "Ring", { name: props.name, location: props.location, lifecycle: { preventDestroy: true }, dependsOn: props.dependsOn });
    this.key = new KmsCryptoKey(this, "Key", {
      name: props.name,
      keyRing: ring.id,
      rotationPeriod,
      purpose: "ENCRYPT_DECRYPT",
      lifecycle: { preventDestroy: true },
    });
    // The Storage agent is created on first use; the data source creates it if missing (google
    // provider docs of google_storage_project_service_account). The GKE and Compute agents are
    // created when their APIs are enabled, which `dependsOn` orders first.
    const storageAgent = new DataGoogleStorageProjectServiceAccount(this, "StorageAgentLookup", { dependsOn: props.dependsOn });
    const agents = {
      Gke: `service-${props.projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
      Compute: `service-${props.projectNumber}@compute-system.iam.gserviceaccount.com`,
      Storage: storageAgent.emailAddress,
    };
    this.grants = Object.entries(agents).map(([id, email]) => new KmsCryptoKeyIamMember(this, `${id}Agent`, {
      cryptoKeyId: this.key.id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:${email}`,
      dependsOn: props.dependsOn,
    }));
  }
}
