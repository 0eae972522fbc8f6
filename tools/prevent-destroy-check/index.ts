import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { StackJson } from "../../policies";
import { offlineSkipReason } from "../terraform-check/patch";
import { preventDestroyFixture, refusedAddresses } from "./fixture";

/**
 * `npm run check:prevent-destroy`: proves with the real Terraform and AWS provider that
 * every stateful resource (KMS keys, model buckets) of every AWS-only stack in cdktf.out
 * is protected: given a state that holds them, `terraform plan -destroy` must refuse each
 * one with "Instance cannot be destroyed". Fails when Terraform or the mirror is missing.
 *
 * Environment: TERRAFORM (default `terraform`), TF_PLUGIN_DIR (default `/opt/tf-plugins`),
 * CDKTF_OUTDIR (default `cdktf.out`).
 */
function main(): number {
  const terraform = process.env.TERRAFORM ?? "terraform";
  const pluginDir = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
  const stacksDir = path.join(process.env.CDKTF_OUTDIR ?? path.join(process.cwd(), "cdktf.out"), "stacks");
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  try {
    execFileSync(terraform, ["version"], { env, stdio: "pipe" });
  } catch {
    console.error(`prevent-destroy-check: FAILED: '${terraform}' is not runnable; install Terraform 1.11 or set TERRAFORM.`);
    return 2;
  }
  if (!fs.existsSync(path.join(pluginDir, "registry.terraform.io", "hashicorp", "aws"))) {
    console.error(`prevent-destroy-check: FAILED: no AWS provider mirror at ${pluginDir}; set TF_PLUGIN_DIR.`);
    return 2;
  }
  if (!fs.existsSync(stacksDir)) {
    console.error(`prevent-destroy-check: FAILED: ${stacksDir} does not exist; run npm run synth first.`);
    return 2;
  }
  const stacks = fs.readdirSync(stacksDir).sort()
    .map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")) as StackJson }))
    .filter((s) => !offlineSkipReason(s.json));
  let checked = 0;
  const failures: string[] = [];
  for (const { name, json } of stacks) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `pdcheck-${name}-`));
    try {
      const fixture = preventDestroyFixture(json, path.join(work, "terraform.tfstate"));
      if (fixture.addresses.length === 0) continue;
      fs.writeFileSync(path.join(work, "cdk.tf.json"), JSON.stringify(fixture.config, null, 2));
      execFileSync(terraform, ["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], { cwd: work, env, stdio: "pipe" });
      // After init: init treats a state file at the backend path as one to migrate and empties it.
      fs.writeFileSync(path.join(work, "terraform.tfstate"), JSON.stringify(fixture.state, null, 2));
      let output = "";
      try {
        execFileSync(terraform, ["plan", "-destroy", "-refresh=false", "-input=false", "-no-color", "-lock=false"], { cwd: work, env, stdio: "pipe", encoding: "utf8" });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        output = `${err.stdout ?? ""}\n${err.stderr ?? ""}`;
      }
      const refused = refusedAddresses(output);
      const unprotected = fixture.addresses.filter((a) => !refused.includes(a));
      checked += fixture.addresses.length;
      if (unprotected.length > 0) {
        failures.push(`${name}: Terraform would destroy ${unprotected.join(", ")}`);
      } else {
        console.log(`ok   ${name}: terraform refused to destroy ${fixture.addresses.join(", ")}`);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  if (checked === 0) {
    console.error("prevent-destroy-check: FAILED: no stateful resource could be checked offline.");
    return 1;
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`FAIL ${f}`);
    return 1;
  }
  console.log(`prevent-destroy-check: ${checked} stateful resource(s) protected by prevent_destroy under the real Terraform.`);
  return 0;
}

process.exitCode = main();
