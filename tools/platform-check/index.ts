import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRegions } from "../../config/load";
import { validatePlatform } from "../../config/validate";
import { routerConfig } from "../../constructs/llm-serving";
import { projectRoot } from "../../constructs/common";
import { patchForOfflinePlan, type StackJson } from "../terraform-check/patch";
import { applySteps } from "./apply-steps";
import { awsSubset } from "./aws-subset";

/**
 * `npm run check:platform`: checks the platform layer against real engines that run
 * offline.
 *
 * 1. `nginx -t` on the router config of every region of `regions/` (with a throwaway
 *    certificate, and the resolver pointed at 127.0.0.1 instead of the cluster DNS name,
 *    which only resolves inside a cluster).
 * 2. `terraform init` + `validate` with the real AWS provider on the AWS part of every
 *    synthesized `*-platform` stack (see `awsSubset`); no plan, because its data sources
 *    read the live cluster.
 * 3. `shellcheck` on every apply-time shell step (`terraform_data` local-exec: the Ray CRD
 *    step, the GKE COS driver installer) of every synthesized `*-platform` stack, AWS and
 *    GCP alike: these scripts run first at deploy time, on the deployer's machine.
 *
 * Fails loudly when nginx, openssl, Terraform or shellcheck is missing; never passes by
 * skipping. Environment: NGINX (default `nginx`), TERRAFORM (default `terraform`),
 * TF_PLUGIN_DIR (default `/opt/tf-plugins`), SHELLCHECK (default `shellcheck`),
 * CDKTF_OUTDIR (default `cdktf.out`).
 */
function main(): number {
  const root = projectRoot(__dirname);
  const failures: string[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "platform-check-"));
  try {
    checkRouters(root, work, failures);
    checkAwsSubsets(work, failures);
    checkApplySteps(failures);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`platform-check: FAILED: ${failures.join("; ")}`);
    return 1;
  }
  console.log("platform-check: router configs pass nginx -t; AWS parts of the platform stacks pass terraform validate; apply-time steps pass shellcheck.");
  return 0;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  return execFileSync(cmd, args, { ...opts, stdio: "pipe", encoding: "utf8" });
}

function platformStacks(): { dir: string; names: string[] } {
  const dir = path.join(process.env.CDKTF_OUTDIR ?? path.join(process.cwd(), "cdktf.out"), "stacks");
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist; run npm run synth first`);
  return { dir, names: fs.readdirSync(dir).filter((n) => n.endsWith("-platform")).sort() };
}

function checkApplySteps(failures: string[]): void {
  const shellcheck = process.env.SHELLCHECK ?? "shellcheck";
  const { dir, names } = platformStacks();
  let checked = 0;
  for (const name of names) {
    for (const step of applySteps(JSON.parse(fs.readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8")) as StackJson)) {
      const shell = path.basename(step.interpreter[0] ?? "sh");
      try {
        run(shellcheck, ["--shell", shell, "-"], { input: step.command });
        console.log(`ok    ${name} ${step.address}: shellcheck`);
        checked++;
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        console.error(err.stdout || err.stderr || err.message);
        failures.push(`${name} ${step.address} (shellcheck)`);
      }
    }
  }
  if (checked === 0 && failures.length === 0) failures.push("no apply-time step was checked");
}

function checkRouters(root: string, work: string, failures: string[]): void {
  const nginx = process.env.NGINX ?? "nginx";
  const tls = path.join(work, "tls");
  fs.mkdirSync(tls);
  run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=platform-check",
    "-keyout", path.join(tls, "tls.key"), "-out", path.join(tls, "tls.crt")]);
  const config = validatePlatform(loadRegions({ sourceDir: path.join(root, "regions") }));
  for (const region of config.regions) {
    if (region.models.length === 0) continue;
    const dir = path.join(work, `nginx-${region.name}`);
    fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
    const server = routerConfig(
      { models: region.models, namespace: "llm-serving", healthPath: config.settings.traffic.healthCheck.path, tlsSecret: "unused" },
      "127.0.0.1",
    ).replaceAll("/etc/nginx/tls/", `${tls}/`);
    fs.writeFileSync(path.join(dir, "default.conf"), server);
    fs.writeFileSync(path.join(dir, "nginx.conf"), [
      `pid ${dir}/nginx.pid;`, "error_log stderr;", "events {}",
      `http { access_log off; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; include ${dir}/default.conf; }`, "",
    ].join("\n"));
    try {
      run(nginx, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")]);
      console.log(`ok    router of ${region.name}: nginx -t`);
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      console.error(err.stderr || err.message);
      failures.push(`router of ${region.name}`);
    }
  }
}

function checkAwsSubsets(work: string, failures: string[]): void {
  const terraform = process.env.TERRAFORM ?? "terraform";
  const pluginDir = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";
  const { dir: stacksDir, names: platforms } = platformStacks();
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  let checked = 0;
  for (const name of platforms) {
    const subset = awsSubset(JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")) as StackJson);
    if (!subset) {
      console.log(`skip  ${name}: no AWS part`);
      continue;
    }
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(patchForOfflinePlan(subset, path.join(dir, "terraform.tfstate")), null, 2));
    try {
      run(terraform, ["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], { cwd: dir, env });
      run(terraform, ["validate", "-no-color"], { cwd: dir, env });
      console.log(`ok    ${name} (AWS part): terraform validate`);
      checked++;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      console.error(err.stderr || err.stdout || err.message);
      failures.push(`${name} (AWS part)`);
    }
  }
  if (checked === 0 && failures.length === 0) failures.push("no platform stack with an AWS part was checked");
}

process.exitCode = main();
