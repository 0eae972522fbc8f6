import { spawn } from "child_process";
import * as net from "net";
import { freePort, guardProcesses, killGroup, until, WrongResult } from "../../../tools/lib/processes";

describe("tools/lib/processes (the loopback checks' child-process helpers)", () => {
  test("freePort gives a port that 127.0.0.1 can listen on", async () => {
    const port = await freePort();
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => { srv.once("error", reject); srv.listen(port, "127.0.0.1", () => resolve()); });
    await new Promise((r) => srv.close(r));
  });

  test("until returns the first value the probe gives, retrying errors until then", async () => {
    let calls = 0;
    const v = await until("three calls", Date.now() + 5000, async () => {
      calls += 1;
      if (calls < 2) throw new Error("not yet");
      return calls < 3 ? undefined : "ready";
    }, undefined, 20);
    expect(v).toBe("ready");
    expect(calls).toBe(3);
  });

  test("fails when the deadline passes, naming what it waited for and the last error", async () => {
    let calls = 0;
    await expect(until("a server", Date.now() + 150, async () => { calls += 1; throw new Error("ECONNREFUSED"); }, undefined, 20))
      .rejects.toThrow("timed out waiting for a server (last error: Error: ECONNREFUSED)");
    expect(calls).toBeGreaterThan(1);
  });

  test("fails at once on a wrong result or a crashed process", async () => {
    await expect(until("x", Date.now() + 60_000, async () => { throw new WrongResult("bad labels"); })).rejects.toThrow("bad labels");
    await expect(until("x", Date.now() + 60_000, async () => undefined, () => "nginx")).rejects.toThrow("nginx exited while waiting for x");
  });

  test("the guard's killAll ends a started process group, and release removes its signal handlers", async () => {
    const before = process.listenerCount("SIGTERM");
    const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    const guard = guardProcesses(new Map([["sleep", child]]), Date.now() + 60_000, "the test", () => undefined);
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    const exited = new Promise((r) => child.once("exit", (_code, signal) => r(signal)));
    guard.killAll();
    await expect(exited).resolves.toBe("SIGKILL");
    guard.release();
    expect(process.listenerCount("SIGTERM")).toBe(before);
    killGroup(child); // already gone: ESRCH is not an error
  });
});
