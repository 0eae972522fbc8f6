import { spawnSync } from "child_process";
import * as fs from "fs";

/** One measured run of a command. */
export interface Measurement {
  readonly wallMs: number;
  /** Peak resident set size of the largest process in the run, MB (undefined without GNU time). */
  readonly peakRssMb?: number;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command to completion and measures wall time and peak RSS (through GNU time's
 * %M, which reports the largest process the command waited for). Throws with the
 * command's output when it fails, so a broken synth never prints a figure.
 */
export function measure(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Measurement {
  const hasTime = fs.existsSync(GNU_TIME);
  const [bin, argv] = hasTime ? [GNU_TIME, ["-f", "__RSS_KB__=%M", cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(bin, argv, { cwd: opts.cwd, env: opts.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    throw new Error(`bench: '${cmd} ${args.join(" ")}' failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  const kb = /__RSS_KB__=(\d+)/.exec(r.stderr ?? "")?.[1];
  return { wallMs, peakRssMb: kb ? Number(kb) / 1024 : undefined };
}

/** The median of the runs' wall times and the largest peak RSS. */
export function summarize(runs: readonly Measurement[]): Measurement {
  const walls = runs.map((r) => r.wallMs).sort((a, b) => a - b);
  const rss = runs.map((r) => r.peakRssMb).filter((x): x is number => x !== undefined);
  return { wallMs: walls[Math.floor(walls.length / 2)], peakRssMb: rss.length ? Math.max(...rss) : undefined };
}
