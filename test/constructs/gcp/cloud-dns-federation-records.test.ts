import { App, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { CloudDnsFederationRecords } from "../../../constructs/gcp";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The DNS construct on its own: a bare stack with the Google provider and literal targets.
describe("CloudDnsFederationRecords built alone", () => {
  const stack = new TerraformStack(new App(), "dns");
  const google = new GoogleProvider(stack, "google", { project: "p" });
  new CloudDnsFederationRecords(stack, "Federation", {
    zone: "llm.example.com",
    managedZone: "llmp-global",
    project: "p",
    provider: google,
    targets: [
      { region: "us-east-1", address: "fed-0123.elb.us-east-1.amazonaws.com", addressKind: "hostname" },
      { region: "asia-south1", address: "203.0.113.7", addressKind: "ip" },
    ],
  });
  const records = Object.values(JSON.parse(Testing.synth(stack)).resource.google_dns_record_set) as Json[];

  test("a load balancer's DNS name gets a CNAME with an absolute target (Cloud DNS wants the trailing dot)", () => {
    expect(records.find((r) => r.type === "CNAME")).toMatchObject({
      name: "federation.us-east-1.llm.example.com.", managed_zone: "llmp-global", ttl: 60, rrdatas: ["fed-0123.elb.us-east-1.amazonaws.com."],
    });
  });

  test("a load balancer's IP gets an A record", () => {
    expect(records.find((r) => r.type === "A")).toMatchObject({ name: "federation.asia-south1.llm.example.com.", rrdatas: ["203.0.113.7"] });
  });
});
