import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";

/** Props of {@link GcpProjectServices}. */
export interface GcpProjectServicesProps {
  readonly project: string;
  /** API service names (`container.googleapis.com`). */
  readonly services: readonly string[];
  /** @default - the stack's default google provider */
  readonly provider?: TerraformProvider;
}

/**
 * Enables the Google APIs a stack uses, so a fresh project needs no manual step. Several
 * stacks may enable the same API: destroying one never disables it
 * (`disable_on_destroy = false`), since other stacks and the project's other users rely on it.
 */
export class GcpProjectServices extends Construct {
  /** One resource per API; resources that call an API depend on these. */
  readonly services: ProjectService[];

  constructor(scope: Construct, id: string, props: GcpProjectServicesProps) {
    super(scope, id);
    this.services = [...new Set(props.services)].sort().map((service) => new ProjectService(this, service.split(".")[0], {
      provider: props.provider,
      project: props.project,
      service,
      disableOnDestroy: false,
      disableDependentServices: false,
    }));
  }
}
