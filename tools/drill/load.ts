import * as https from "https";

/** One request of the load generator, as the client saw it. */
export interface Sample {
  /** Milliseconds since the drill's clock origin. */
  readonly startMs: number;
  readonly endMs: number;
  /** HTTP status, or 0 when no response arrived (connection error, timeout). */
  readonly status: number;
  /** The region whose fake model answered (`x-served-by`), when one did. */
  readonly servedBy?: string;
  /** 200 with a complete answer (a `chat.completion`, or a stream ending in `[DONE]`). */
  readonly ok: boolean;
  readonly stream: boolean;
}

/** Where and what the load generator calls. */
export interface Target {
  readonly port: number;
  /** TLS name and Host: the global name a client calls. */
  readonly host: string;
  readonly ca: string;
  readonly model: string;
  /** Kept-alive client connections, as an OpenAI SDK keeps them. */
  readonly agent: https.Agent;
}

const LOOPBACK = "127.0.0.1";

/** One chat completion through a router; never rejects. */
export function chat(target: Target, stream: boolean, clock: () => number, timeoutMs: number): Promise<Sample> {
  const startMs = clock();
  const body = JSON.stringify({ model: target.model, stream, messages: [{ role: "user", content: "Say hello." }], max_tokens: 8 });
  return new Promise((resolve) => {
    let settled = false;
    const done = (s: Omit<Sample, "startMs" | "endMs" | "stream">) => {
      if (settled) return;
      settled = true;
      resolve({ ...s, startMs, endMs: clock(), stream });
    };
    const req = https.request({
      host: LOOPBACK,
      port: target.port,
      servername: target.host,
      ca: target.ca,
      agent: target.agent,
      method: "POST",
      path: `/${target.model}/v1/chat/completions`,
      headers: { host: target.host, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      timeout: timeoutMs,
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const servedBy = res.headers["x-served-by"] as string | undefined;
        const complete = stream ? text.trimEnd().endsWith("data: [DONE]") : text.includes('"object":"chat.completion"');
        done({ status, servedBy, ok: status === 200 && complete });
      });
      res.on("error", () => done({ status: res.statusCode ?? 0, ok: false }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => done({ status: 0, ok: false }));
    req.end(body);
  });
}

/**
 * A steady open-loop load: one request every `1000 / ratePerSecond` ms, whatever the
 * answers (a closed loop would slow down exactly when the router struggles), alternating
 * streamed and plain calls, until `stop()` returns true. Bounded by `maxRequests`.
 */
export async function steadyLoad(opts: {
  target: Target;
  ratePerSecond: number;
  clock: () => number;
  stop: () => boolean;
  maxRequests: number;
  timeoutMs: number;
}): Promise<Sample[]> {
  const pending: Promise<Sample>[] = [];
  const gapMs = 1000 / opts.ratePerSecond;
  const t0 = opts.clock();
  for (let i = 0; i < opts.maxRequests && !opts.stop(); i++) {
    pending.push(chat(opts.target, i % 2 === 1, opts.clock, opts.timeoutMs));
    const next = t0 + (i + 1) * gapMs;
    await new Promise((r) => setTimeout(r, Math.max(0, next - opts.clock())));
  }
  return Promise.all(pending);
}
