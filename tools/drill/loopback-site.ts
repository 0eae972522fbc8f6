import * as path from "path";
import type { RouterSite } from "../../constructs/llm-serving";

/** Debian's njs module (package libnginx-mod-http-js), which the drill loads. */
export const DEBIAN_NJS_MODULE = "/usr/lib/nginx/modules/ngx_http_js_module.so";

/** Where one loopback router finds its upstreams, peers and files. */
export interface LoopbackSiteInput {
  readonly port: number;
  readonly readinessPort: number;
  readonly dir: string;
  /** Serve and dashboard ports of each model this region serves. */
  readonly models: ReadonlyMap<string, { servePort: number; dashboardPort: number }>;
  /** TLS port of each region's router. */
  readonly routerPorts: ReadonlyMap<string, number>;
  readonly tlsDir: string;
  readonly caFile: string;
  readonly jsModuleFile?: string;
}

const LOOPBACK = "127.0.0.1";

/**
 * The {@link RouterSite} of a router on 127.0.0.1: the same config renderer as in the
 * cluster, with service and peer names replaced by loopback ports. A model without a
 * fake gets a port nothing listens on, as a Serve service without endpoints refuses.
 */
export function loopbackSite(input: LoopbackSiteInput): RouterSite {
  const model = (m: string) => {
    const ports = input.models.get(m);
    if (!ports) throw new Error(`no fake upstream for ${m}`);
    return ports;
  };
  return {
    listen: `${LOOPBACK}:${input.port}`,
    readinessListen: `${LOOPBACK}:${input.readinessPort}`,
    resolver: LOOPBACK,
    serveAddress: (m) => `${LOOPBACK}:${model(m).servePort}`,
    statusAddress: (m) => `${LOOPBACK}:${model(m).dashboardPort}`,
    peerAddress: (t) => {
      const port = input.routerPorts.get(t.region);
      if (port === undefined) throw new Error(`no loopback router for peer ${t.region}`);
      return `${LOOPBACK}:${port}`;
    },
    tlsDir: input.tlsDir,
    trustedCaFile: input.caFile,
    scriptFile: path.join(input.dir, "router.js"),
    jsModuleFile: input.jsModuleFile ?? DEBIAN_NJS_MODULE,
    runDir: input.dir,
    accessLog: path.join(input.dir, "access.log"),
  };
}
