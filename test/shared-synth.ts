import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import type { StackJson } from "../policies/types";
import { buildApp } from "../stacks/app";
import { defaultConfig } from "./helpers";
import { SHARED_SYNTH_ENV } from "./shared-synth-env";


/** How long a worker waits for another one that is synthesizing the same topology. */
const WAIT_MS = 180_000;

/**
 * Every stack of the `default` fixture topology's whole app (buildApp, as synth composes
 * it), each stack's final Terraform JSON (`toTerraform()`), by stack name.
 *
 * Synthesized once per `npm test` run, not once per test file: the first worker that asks
 * builds it and writes it to the run's folder, the others read that file (a worker that
 * asks while it is being built waits for it). Each call returns a fresh copy, so a test
 * may change what it gets. Outside a jest run with the global setup, it synthesizes here.
 */
export function defaultAppStacks(): Record<string, StackJson> {
  return JSON.parse(sharedJson("default-app", synthDefaultApp)) as Record<string, StackJson>;
}

function synthDefaultApp(): string {
  const app = buildApp(defaultConfig(), { outdir: "unused-outdir-not-written" });
  const stacks = app.node.children.filter(TerraformStack.isStack);
  return JSON.stringify(Object.fromEntries(stacks.map((s) => [s.node.id, s.toTerraform()])));
}

/**
 * The parsed result of `synth` (a stack's Terraform JSON text, as `Testing.synth` returns
 * it), synthesized once per `npm test` run for each distinct `inputs`: test files that
 * build the same stack from the same props share one synth. `inputs` must hold everything
 * the stack is built from (kind, props); it is compared as JSON. Returns a fresh copy.
 */
export function sharedStackJson<T = Record<string, unknown>>(inputs: unknown, synth: () => string): T {
  const key = crypto.createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 32);
  return JSON.parse(sharedJson(`stack-${key}`, synth)) as T;
}

const memo = new Map<string, string>();

/** The text `produce` returns, produced once per run: by this worker, or read from the one that did. */
function sharedJson(name: string, produce: () => string): string {
  const known = memo.get(name);
  if (known !== undefined) return known;
  const dir = process.env[SHARED_SYNTH_ENV];
  const text = dir ? produceOnce(path.join(dir, `${name}.json`), produce) : produce();
  memo.set(name, text);
  return text;
}

function produceOnce(file: string, produce: () => string): string {
  const lock = `${file}.lock`;
  let owner = false;
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
    owner = true;
  } catch {
    // Another worker holds the lock: it is producing the file, or has.
  }
  if (owner) {
    try {
      const text = produce();
      fs.writeFileSync(`${file}.tmp`, text);
      fs.renameSync(`${file}.tmp`, file);
      return text;
    } catch (e) {
      // Let a waiting worker produce (and report) it itself rather than wait in vain.
      fs.rmSync(lock, { force: true });
      throw e;
    }
  }
  const deadline = Date.now() + WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
    if (!fs.existsSync(lock)) return produce();
    Atomics.wait(pause, 0, 0, 50);
  }
  return produce();
}
