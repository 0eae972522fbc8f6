import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { StackJson } from "../../policies";
import { offlineSkipReason, patchForOfflinePlan, redirectRemoteStates, seededState } from "./patch";

/**
 * `npm run check:terraform`: runs the real Terraform and AWS provider against every
 * synthesized stack that uses only the AWS provider: `init` from the local plugin
 * mirror, `validate`, and `plan` with fake credentials. Fails loudly when Terraform or
 * the mirror is missing; never passes by skipping everything. A stack that reads other
 * stacks' state (`terraform_remote_state`) reads seeded files holding placeholders for
 * exactly the outputs those stacks declare.
 *
 * Environment: TERRAFORM (binary, default `terraform`), TF_PLUGIN_DIR (default
 * `/opt/tf-plugins`), CDKTF_OUTDIR (default `cdktf.out`).
 */
function main(): number {
  const terraform = process.env.TERRAFORM ?? "terraform";
  const pluginDir = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(process.cwd(), "cdktf.out");
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

  try {
    execFileSync(terraform, ["version"], { env, stdio: "pipe" });
  } catch {
    console.error(`terraform-check: FAILED: '${terraform}' is not runnable; install Terraform 1.11 (see README) or set TERRAFORM.`);
    return 2;
  }
  if (!fs.existsSync(path.join(pluginDir, "registry.terraform.io", "hashicorp", "aws"))) {
    console.error(`terraform-check: FAILED: no AWS provider mirror at ${pluginDir}; set TF_PLUGIN_DIR to a mirror holding hashicorp/aws 5.100.0.`);
    return 2;
  }
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) {
    console.error(`terraform-check: FAILED: ${stacksDir} does not exist; run npm run synth first.`);
    return 2;
  }

  const names = fs.readdirSync(stacksDir).sort();
  const checkable = names.filter((n) => !offlineSkipReason(readStack(stacksDir, n)));
  for (const n of names.filter((x) => !checkable.includes(x))) {
    console.log(`skip  ${n}: ${offlineSkipReason(readStack(stacksDir, n))}`);
  }
  if (checkable.length === 0) {
    console.error("terraform-check: FAILED: no stack could be checked offline.");
    return 1;
  }

  const failures: string[] = [];
  checkable.forEach((name, i) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `tfcheck-${name}-`));
    try {
      const patched = patchForOfflinePlan(readStack(stacksDir, name), path.join(work, "terraform.tfstate"));
      // Remote states (the global stack reads the cluster stacks') come from seeded local files.
      for (const rs of redirectRemoteStates(patched, work)) {
        if (!names.includes(rs.stack)) throw new Error(`${name} reads the state of ${rs.stack}, which was not synthesized`);
        fs.writeFileSync(rs.path, JSON.stringify(seededState(readStack(stacksDir, rs.stack)), null, 2));
      }
      fs.writeFileSync(path.join(work, "cdk.tf.json"), JSON.stringify(patched, null, 2));
      const run = (args: string[]) => execFileSync(terraform, args, { cwd: work, env, stdio: "pipe", encoding: "utf8" });
      process.stdout.write(`[${i + 1}/${checkable.length}] ${name}: init`);
      run(["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`]);
      process.stdout.write(", validate");
      run(["validate", "-no-color"]);
      process.stdout.write(", plan");
      const plan = run(["plan", "-input=false", "-no-color", "-lock=false"]);
      const summary = /Plan: .*/.exec(plan)?.[0] ?? "no changes";
      process.stdout.write(` ok (${summary})\n`);
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      process.stdout.write(" FAILED\n");
      console.error(err.stderr || err.stdout || err.message);
      failures.push(name);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
  if (failures.length > 0) {
    console.error(`terraform-check: ${failures.length} of ${checkable.length} stack(s) failed: ${failures.join(", ")}`);
    return 1;
  }
  console.log(`terraform-check: ${checkable.length} stack(s) passed validate and plan with the real AWS provider.`);
  return 0;
}

function readStack(stacksDir: string, name: string): StackJson {
  return JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")) as StackJson;
}

process.exitCode = main();
