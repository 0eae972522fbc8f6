import type { ChildProcess } from "child_process";
import * as net from "net";

/**
 * Helpers for the loopback checks that run real servers as child processes (the
 * federation check in tools/prometheus-check, the failover drill in tools/drill): free
 * ports, bounded waits, and never leaving a process behind.
 */

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGKILL to a started process and everything in its process group (nginx workers). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch (e) {
    // ESRCH: the group is already gone, which is the goal.
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

/** A wrong result (not a not-yet-ready one): stops the wait at once. */
export class WrongResult extends Error {}

/**
 * Polls `probe` every `intervalMs` (500 ms: servers starting on loopback) until it returns a
 * value, a crash is reported, or the deadline passes.
 */
export async function until<T>(what: string, deadline: number, probe: () => Promise<T | undefined>, crashed?: () => string | undefined, intervalMs = 500): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    const dead = crashed?.();
    if (dead) throw new Error(`${dead} exited while waiting for ${what}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      if (e instanceof WrongResult) throw e;
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

/** What {@link guardProcesses} returns. */
export interface ProcessGuard {
  /** SIGKILL to every started process group. */
  readonly killAll: () => void;
  /** Removes the signal handlers and the watchdog; call it in `finally`, then stop the processes. */
  readonly release: () => void;
}

/**
 * Whatever happens (a hung call, the run being interrupted), no process in `procs`
 * outlives the run: SIGINT or SIGTERM kills them all and exits 130 or 143, and a watchdog
 * 15 s past `deadline` logs `watchdog: <what> overran its time bound`, kills them all and
 * exits 1. `procs` is read when the guard fires, so processes started later are covered.
 */
export function guardProcesses(procs: ReadonlyMap<string, ChildProcess>, deadline: number, what: string, log: (line: string) => void): ProcessGuard {
  const killAll = () => procs.forEach(killGroup);
  const onSignal = (signal: NodeJS.Signals) => {
    killAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const watchdog = setTimeout(() => {
    log(`watchdog: ${what} overran its time bound; stopping everything`);
    killAll();
    process.exit(1);
  }, deadline - Date.now() + 15_000);
  return {
    killAll,
    release: () => {
      clearTimeout(watchdog);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
