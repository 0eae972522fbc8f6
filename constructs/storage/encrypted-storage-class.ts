import { Construct } from "constructs";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";

/** A CSI provisioner and the parameters that make its volumes encrypted with the region key. */
export interface EncryptedStorageSpec {
  /** CSI driver name (`ebs.csi.aws.com`, `pd.csi.storage.gke.io`). */
  readonly provisioner: string;
  /** Driver parameters: disk type and the customer-managed key. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Props of {@link EncryptedStorageClass}. */
export interface EncryptedStorageClassProps extends EncryptedStorageSpec {
  /** @default "encrypted-rwo" - the class name every platform volume claim names */
  readonly name?: string;
}

/** The name the platform's volume claims use on every cloud. */
export const ENCRYPTED_STORAGE_CLASS = "encrypted-rwo";

/**
 * The StorageClass every volume the platform claims is made from: block volumes encrypted
 * with the region's customer-managed key, bound only once a pod is scheduled (block
 * volumes are zonal, and the pod's zone decides), expandable. It is deliberately not the
 * default class: claims name it, so none depends on what a cluster version ships
 * (EKS >= 1.30 ships no default class at all).
 */
export class EncryptedStorageClass extends Construct {
  /** The class name to put in `storageClassName`. */
  readonly storageClassName: string;
  readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.storageClassName = props.name ?? ENCRYPTED_STORAGE_CLASS;
    this.storageClass = new StorageClassV1(this, "Class", {
      metadata: { name: this.storageClassName },
      storageProvisioner: props.provisioner,
      parameters: { ...props.parameters },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
  }
}
