import * as http from "http";
import type * as net from "net";

/**
 * Stand-ins for one model's RayService in one region: its Serve proxy (the OpenAI
 * chat-completions contract, streaming as server-sent events) and its dashboard (Ray
 * Serve's application status). Not the engine: answers are canned, so the drill measures
 * the router, not generation.
 *
 * Contracts followed: OpenAI `POST /v1/chat/completions` (`chat.completion` object, or with
 * `"stream": true` `chat.completion.chunk` events as `data: {json}` lines ending with
 * `data: [DONE]`), as vLLM's OpenAI server and Ray Serve LLM answer it; Ray dashboard
 * `GET /api/serve/applications/` (`ServeInstanceDetails`: `applications.<name>.status`,
 * `.deployments.<name>.status` and `.replicas[].state`, with every field Ray requires;
 * ray-project/ray `python/ray/serve/schema.py` and `_private/common.py`, vendored in
 * reference/ray/, which test/constructs/llm-serving/ray-serve-schema.test.ts holds this
 * answer to). Ray Serve answers 503 when a
 * deployment's queue is full (backpressure); 429 is what an OpenAI-style rate limit says.
 */

/** What the model does right now. */
export type ServeMode =
  /** Serving. */
  | "healthy"
  /** Replicas gone: the Serve service has no endpoints (connection refused), the app is UNHEALTHY with no RUNNING replica. */
  | "dead"
  /** Saturated: answers 429 before processing, application RUNNING. */
  | "saturated-429"
  /** Ray Serve backpressure: 503 before processing, application RUNNING. */
  | "backpressure-503"
  /** The whole RayService gone (nodes lost, head included): Serve and dashboard refuse connections. */
  | "gone";

/** One fake model of one region. */
export interface FakeServe {
  readonly region: string;
  readonly model: string;
  readonly servePort: number;
  readonly dashboardPort: number;
  /** Switch behaviour; `dead` closes the Serve listener (refused connections). */
  setMode(mode: ServeMode): Promise<void>;
  readonly mode: ServeMode;
  /** Header values the Serve side received for a header, for leak checks. */
  readonly seenHeaders: Map<string, number>;
  close(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";
/** Chunks of a streamed answer and the gap between them: long enough to see buffering. */
const STREAM_CHUNKS = 4;
const STREAM_GAP_MS = 60;

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => resolve((server.address() as net.AddressInfo).port));
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/** The dashboard's `/api/serve/applications/` answer for one application. */
export function serveStatus(model: string, mode: ServeMode): unknown {
  const dead = mode === "dead";
  const replica = (i: number) => ({ replica_id: `r${i}`, state: "RUNNING", pid: 100 + i, actor_name: `SERVE_REPLICA::${model}#LLMServer#r${i}`, node_id: "n", node_ip: LOOPBACK, start_time_s: 0 });
  return {
    controller_info: { node_id: "n", node_ip: LOOPBACK, actor_id: "c", actor_name: "SERVE_CONTROLLER_ACTOR", worker_id: "w", log_file_path: null },
    proxy_location: "EveryNode",
    http_options: { host: "0.0.0.0", port: 8000 },
    proxies: { n: { node_id: "n", node_ip: LOOPBACK, actor_id: "p", actor_name: "SERVE_PROXY_ACTOR-n", worker_id: "w", log_file_path: null, status: "HEALTHY" } },
    applications: {
      [model]: {
        name: model,
        route_prefix: "/",
        docs_path: null,
        status: dead ? "UNHEALTHY" : "RUNNING",
        message: dead ? "The deployment 'LLMServer' is UNHEALTHY." : "",
        last_deployed_time_s: 0,
        deployed_app_config: null,
        source: "declarative",
        deployments: {
          LLMServer: {
            name: "LLMServer",
            status: dead ? "UNHEALTHY" : "HEALTHY",
            status_trigger: dead ? "HEALTH_CHECK_FAILED" : "CONFIG_UPDATE_COMPLETED",
            message: "",
            deployment_config: { name: "LLMServer" },
            target_num_replicas: 1,
            required_resources: { CPU: 1, GPU: 1 },
            replicas: dead ? [] : [replica(1)],
          },
          OpenAiIngress: {
            name: "OpenAiIngress",
            status: "HEALTHY",
            status_trigger: "CONFIG_UPDATE_COMPLETED",
            message: "",
            deployment_config: { name: "OpenAiIngress" },
            target_num_replicas: 1,
            required_resources: { CPU: 1 },
            replicas: [replica(2)],
          },
        },
      },
    },
  };
}

function completion(model: string, region: string): unknown {
  return {
    id: "chatcmpl-drill",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: `served by ${region}` }, finish_reason: "stop" }],
    usage: { prompt_tokens: 8, completion_tokens: 3, total_tokens: 11 },
  };
}

function chunk(model: string, content: string | undefined, finish: string | null): string {
  const delta = content === undefined ? {} : { content };
  return `data: ${JSON.stringify({ id: "chatcmpl-drill", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/** Starts one fake model (Serve proxy + dashboard) on loopback ports. */
export async function startFakeServe(region: string, model: string): Promise<FakeServe> {
  let mode: ServeMode = "healthy";
  const seenHeaders = new Map<string, number>();
  const sockets = new Set<net.Socket>();

  const serve = http.createServer(async (req, res) => {
    for (const h of Object.keys(req.headers)) seenHeaders.set(h, (seenHeaders.get(h) ?? 0) + 1);
    const body = await readBody(req);
    res.setHeader("x-served-by", region);
    if (mode === "saturated-429") {
      res.writeHead(429, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "error", message: "Too many requests", type: "RateLimitError", code: 429 }));
      return;
    }
    if (mode === "backpressure-503") {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("Request dropped due to backpressure (num_queued_requests=100, max_queued_requests=100).");
      return;
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    let parsed: { model?: string; stream?: boolean };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (parsed.model !== model) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "error", message: `The model \`${parsed.model}\` does not exist.`, code: 404 }));
      return;
    }
    if (!parsed.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(completion(model, region)));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(chunk(model, "", null));
    for (let i = 0; i < STREAM_CHUNKS; i++) {
      await new Promise((r) => setTimeout(r, STREAM_GAP_MS));
      res.write(chunk(model, i === 0 ? `served by ${region}` : ".", null));
    }
    res.write(chunk(model, undefined, "stop"));
    res.end("data: [DONE]\n\n");
  });
  serve.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  serve.keepAliveTimeout = 1000;

  const dashboard = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/api/serve/applications/") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(serveStatus(model, mode)));
      return;
    }
    res.writeHead(404).end();
  });

  const servePort = await listen(serve, 0);
  const dashboardPort = await listen(dashboard, 0);
  let serveOpen = true;
  let dashboardOpen = true;

  const closeServe = () => new Promise<void>((resolve) => {
    serve.close(() => resolve());
    // Replicas gone: connections in flight die with them.
    for (const s of sockets) s.destroy();
  });

  return {
    region,
    model,
    servePort,
    dashboardPort,
    seenHeaders,
    get mode() {
      return mode;
    },
    async setMode(next: ServeMode) {
      mode = next;
      const serveUp = next !== "dead" && next !== "gone";
      if (!serveUp && serveOpen) {
        serveOpen = false;
        await closeServe();
      } else if (serveUp && !serveOpen) {
        serveOpen = true;
        await listen(serve, servePort);
      }
      const dashboardUp = next !== "gone";
      if (!dashboardUp && dashboardOpen) {
        dashboardOpen = false;
        const closed = new Promise<void>((resolve) => dashboard.close(() => resolve()));
        dashboard.closeAllConnections();
        await closed;
      } else if (dashboardUp && !dashboardOpen) {
        dashboardOpen = true;
        await listen(dashboard, dashboardPort);
      }
    },
    async close() {
      if (serveOpen) await closeServe();
      if (dashboardOpen) {
        const closed = new Promise<void>((resolve) => dashboard.close(() => resolve()));
        dashboard.closeAllConnections();
        await closed;
      }
    },
  };
}
