import { Testing } from "cdktf";
import { PlatformStack } from "../../../stacks/platform-stack";
import { fixtureConfig, synthJson } from "../../helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = fixtureConfig("azure");
const westeurope = config.regions.find((r) => r.name === "westeurope")!;
const stack = new PlatformStack(Testing.app(), { settings: config.settings, region: westeurope, regions: config.regions, localStateDir: "../../.." });
const json = synthJson(stack) as Json;
const resources = json.resource as Record<string, Record<string, Json>>;
const only = (type: string): Json => {
  const v = Object.values(resources[type] ?? {});
  expect(v).toHaveLength(1);
  return v[0];
};

describe("AksClusterAccess through the platform stack", () => {
  test("the azurerm provider targets the configured subscription and tenant", () => {
    expect(json.provider.azurerm[0]).toMatchObject({ subscription_id: "00000000-0000-4000-8000-000000000001", tenant_id: "00000000-0000-4000-8000-000000000002", storage_use_azuread: true });
  });

  test("helm and kubernetes authenticate with kubelogin and the deployer's Azure CLI login, against the cluster found by name", () => {
    const exec = { api_version: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] };
    expect(json.provider.kubernetes[0].exec).toEqual([exec]);
    expect(json.provider.helm[0].kubernetes.exec).toEqual(exec);
    expect(Object.values(json.data.azurerm_kubernetes_cluster as Record<string, Json>)[0]).toMatchObject({ name: "llmp-westeurope", resource_group_name: "llmp-westeurope" });
  });

  test("model readers: one identity, federated to the serving namespace's model-reader account only, reading the model container only", () => {
    expect(only("azurerm_federated_identity_credential")).toMatchObject({
      subject: "system:serviceaccount:llm-serving:model-reader",
      audience: ["api://AzureADTokenExchange"],
      issuer: "${data.azurerm_kubernetes_cluster.Cluster_3DA9CCBA.oidc_issuer_url}",
    });
    const grant = only("azurerm_role_assignment");
    expect(grant.role_definition_name).toBe("Storage Blob Data Reader");
    expect(grant.scope).toMatch(/\/blobServices\/default\/containers\/models$/);
    const sa = Object.values(resources.kubernetes_service_account_v1).find((s) => s.metadata.name === "model-reader")!;
    expect(sa.metadata.annotations).toEqual({ "azure.workload.identity/client-id": "${azurerm_user_assigned_identity.Serving_ModelReader_Identity_110E516A.client_id}" });
  });

  test("the serving Service sits on the region's static public IP in the cluster's resource group", () => {
    const svc = Object.values(resources.kubernetes_service_v1).find((s) => s.metadata.name === "llm-api")!;
    expect(svc.metadata.annotations).toEqual({
      "service.beta.kubernetes.io/azure-load-balancer-resource-group": "llmp-westeurope",
      "service.beta.kubernetes.io/azure-pip-name": "llmp-westeurope-serving",
    });
  });

  test("workers carry the workload identity label, read weights from the region's Blob container and tolerate AKS's Spot taint", () => {
    const release = Object.values(resources.helm_release).find((r) => r.name === "llm-serving")!;
    const values = String(release.values[0]);
    expect(values).toContain("azure.workload.identity/use: \"true\"");
    expect(values).toContain("azure://models@llmpwesteuropemodels.blob.core.windows.net/meta-llama/Llama-3.1-8B-Instruct");
    expect(values).toMatch(/key: kubernetes\.azure\.com\/scalesetpriority\s+operator: Equal\s+value: spot\s+effect: NoSchedule/);
  });

  test("the platform's StorageClass uses AKS's Azure Disk CSI driver and the cluster's disk encryption set (the region key)", () => {
    expect(only("kubernetes_storage_class_v1")).toMatchObject({
      storage_provisioner: "disk.csi.azure.com",
      parameters: { skuName: "Premium_ZRS", diskEncryptionSetID: "${data.azurerm_kubernetes_cluster.Cluster_3DA9CCBA.disk_encryption_set_id}" },
    });
  });
});
