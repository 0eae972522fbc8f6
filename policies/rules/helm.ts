import type { PolicyRule } from "../types";
import { isTrue, shown } from "../values";

/**
 * Rules for helm_release (custom `LLMP_HELM_*`: no scanner checks release settings). A
 * release must be reproducible (exact chart version) and fail safe: roll back on failure,
 * clean up what it created, give up after a stated time, and keep history to roll back to.
 */

const HELM = ["helm_release"];
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** The helm_release rules. */
export const HELM_RULES: readonly PolicyRule[] = [
  {
    id: "LLMP_HELM_1",
    title: "Helm releases pin an exact chart version",
    resourceTypes: HELM,
    check: (r) => (typeof r.attrs.version === "string" && EXACT_VERSION.test(r.attrs.version)
      ? undefined
      : `does not pin an exact chart version, got version = ${shown(r.attrs.version)}`),
    fix: "set version to an exact chart version such as \"25.3.0\" (no ranges, no latest)",
  },
  {
    id: "LLMP_HELM_2",
    title: "Helm releases are atomic",
    resourceTypes: HELM,
    check: (r) => (isTrue(r.attrs.atomic) ? undefined : `is not atomic: a failed upgrade stays half-applied, got atomic = ${shown(r.attrs.atomic)}`),
    fix: "set atomic: true",
  },
  {
    id: "LLMP_HELM_3",
    title: "Helm releases clean up on failure",
    resourceTypes: HELM,
    check: (r) => (isTrue(r.attrs.cleanup_on_fail) ? undefined : `leaves new resources behind on a failed upgrade, got cleanup_on_fail = ${shown(r.attrs.cleanup_on_fail)}`),
    fix: "set cleanupOnFail: true",
  },
  {
    id: "LLMP_HELM_4",
    title: "Helm releases set an explicit timeout",
    resourceTypes: HELM,
    check: (r) => (typeof r.attrs.timeout === "number" && r.attrs.timeout > 0 ? undefined : `relies on the provider's default timeout, got timeout = ${shown(r.attrs.timeout)}`),
    fix: "set timeout in seconds, sized for the chart (GPU Operator driver installs take minutes)",
  },
  {
    id: "LLMP_HELM_5",
    title: "Helm releases keep history",
    resourceTypes: HELM,
    check: (r) => (typeof r.attrs.max_history === "number" && r.attrs.max_history > 0 ? undefined : `keeps no bounded history to roll back to, got max_history = ${shown(r.attrs.max_history)}`),
    fix: "set maxHistory to a small positive number such as 10",
  },
];
