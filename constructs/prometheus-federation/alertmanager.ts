/**
 * The hubs' Alertmanager: one receiver for every alert, read from a Secret mounted into
 * the pod (its value never enters the plan), and a cluster of one Alertmanager per hub
 * whose peers gossip over mutual TLS. Pure functions of decided inputs.
 */

/** Where a receiver sends notifications; the Secret holds its URL or key. */
export interface AlertReceiver {
  readonly type: "webhook" | "slack" | "pagerduty";
  /** A Secret in the hub namespace, mounted by the Alertmanager (`alertmanagerSpec.secrets`). */
  readonly secretName: string;
  /** Slack only: the channel. */
  readonly slackChannel?: string;
}

/** Where the Prometheus Operator mounts the Secrets listed in `alertmanagerSpec.secrets`. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

/** The key of the receiver Secret each receiver type reads. */
export const RECEIVER_SECRET_KEY: Readonly<Record<AlertReceiver["type"], string>> = {
  webhook: "url",
  slack: "api_url",
  pagerduty: "routing_key",
};

/** The port Alertmanager peers gossip on (`--cluster.listen-address`, the operator's default). */
export const ALERTMANAGER_CLUSTER_PORT = 9094;

/** The receiver's name in the configuration. */
export const PLATFORM_RECEIVER = "platform";

/** The file (inside the pod) holding the receiver's URL or key. */
export function receiverSecretFile(receiver: AlertReceiver): string {
  return `${ALERTMANAGER_SECRETS_DIR}/${receiver.secretName}/${RECEIVER_SECRET_KEY[receiver.type]}`;
}

/**
 * The receiver entry. Webhook `url_file` needs Alertmanager 0.26 or later (the chart's
 * v0.34.0 has it; Debian 12's 0.25 does not, so the loopback test inlines the URL).
 */
function receiverConfig(receiver: AlertReceiver): Record<string, unknown> {
  const file = receiverSecretFile(receiver);
  switch (receiver.type) {
    case "webhook":
      return { name: PLATFORM_RECEIVER, webhook_configs: [{ url_file: file, send_resolved: true }] };
    case "slack":
      return { name: PLATFORM_RECEIVER, slack_configs: [{ api_url_file: file, channel: receiver.slackChannel, send_resolved: true }] };
    case "pagerduty":
      return { name: PLATFORM_RECEIVER, pagerduty_configs: [{ routing_key_file: file, send_resolved: true }] };
  }
}

/**
 * The Alertmanager configuration: every alert to the one receiver, grouped by alert and
 * region. It replaces the chart's whole default (whose only receiver is `null`): Helm
 * merges maps but replaces lists, so `receivers` and `routes` are set in full. The
 * chart's inhibit rules are kept: a critical alert silences warnings of the same
 * name and region.
 */
export function alertmanagerConfig(receiver: AlertReceiver): Record<string, unknown> {
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: PLATFORM_RECEIVER,
      group_by: ["alertname", "region", "region_alertname"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [],
    },
    receivers: [receiverConfig(receiver)],
    inhibit_rules: [{
      source_matchers: ["severity = critical"],
      target_matchers: ["severity = warning"],
      equal: ["alertname", "region"],
    }],
  };
}

/** Inputs of {@link alertmanagerClusterSpec}. */
export interface AlertmanagerClusterInput {
  /** The static address of every other hub's peer endpoint (an IP, or a token of one). */
  readonly peers: readonly string[];
  /**
   * This hub's own peer endpoint address, which it advertises: without it memberlist
   * advertises the pod IP, which the other hub cannot reach, and the two never form a
   * cluster (every alert is then notified by both).
   */
  readonly advertiseAddress: string;
  /** A Secret with `ca.crt`, `tls.crt` and `tls.key`: one CA for both hubs, a certificate per hub. */
  readonly tlsSecretName: string;
  /** The cluster's label; peers with another label are refused. */
  readonly clusterLabel: string;
}

/**
 * The name every peer's certificate carries (a DNS SAN) and every peer checks: peers
 * dial each other by address, which changes, so the name is fixed instead.
 */
export const ALERTMANAGER_PEER_SERVER_NAME = "alertmanager-peer";

/**
 * `alertmanagerSpec` fields of a cluster spanning the hubs, one replica each: the
 * operator turns off cluster mode for a single replica unless forced; peers are the
 * other hubs; gossip runs over mutual TLS (`--cluster.tls-config`, Alertmanager 0.24+,
 * marked experimental upstream), so only a holder of a certificate of the platform's
 * CA can join and read or write the notification log and silences.
 */
export function alertmanagerClusterSpec(input: AlertmanagerClusterInput): Record<string, unknown> {
  const key = (k: string) => ({ secret: { name: input.tlsSecretName, key: k } });
  return {
    forceEnableClusterMode: true,
    clusterAdvertiseAddress: `${input.advertiseAddress}:${ALERTMANAGER_CLUSTER_PORT}`,
    additionalPeers: input.peers.map((p) => `${p}:${ALERTMANAGER_CLUSTER_PORT}`),
    clusterLabel: input.clusterLabel,
    clusterTLS: {
      server: { cert: key("tls.crt"), keySecret: { name: input.tlsSecretName, key: "tls.key" }, client_ca: key("ca.crt"), clientAuthType: "RequireAndVerifyClientCert" },
      client: { ca: key("ca.crt"), cert: key("tls.crt"), keySecret: { name: input.tlsSecretName, key: "tls.key" }, serverName: ALERTMANAGER_PEER_SERVER_NAME },
    },
  };
}

/** Inputs of {@link peerAlertmanagerConfigs}. */
export interface PeerAlertingInput {
  /** The static address of every other hub's peer endpoint. */
  readonly peers: readonly string[];
  /** The port of the peer endpoints' alert API. */
  readonly apiPort: number;
  /** The user the peer endpoints' basic auth admits. */
  readonly username: string;
  /** The mounted file holding that user's password. */
  readonly passwordFile: string;
  /** The mounted CA that signed the peer endpoints' certificates (SAN `alertmanager-peer`). */
  readonly caFile: string;
}

/**
 * Prometheus `alertmanager_config` entries that send this hub's alerts to the other hubs'
 * Alertmanagers too, through their peer endpoints over TLS with basic auth. Prometheus
 * must send to every Alertmanager of a cluster, not to one of them or a load balancer in
 * front (alertmanager v0.34.0 README, "High Availability"): the cluster then
 * deduplicates, and an alert still arrives when this hub's own Alertmanager is down.
 */
export function peerAlertmanagerConfigs(input: PeerAlertingInput): Record<string, unknown>[] {
  if (input.peers.length === 0) return [];
  return [{
    scheme: "https",
    api_version: "v2",
    timeout: "10s",
    basic_auth: { username: input.username, password_file: input.passwordFile },
    tls_config: { ca_file: input.caFile, server_name: ALERTMANAGER_PEER_SERVER_NAME },
    static_configs: [{ targets: input.peers.map((p) => `${p}:${input.apiPort}`) }],
  }];
}
