import { parse } from "yaml";
import { helmValuesYaml } from "../../../constructs/common";

describe("helmValuesYaml", () => {
  // Helm parses values as YAML 1.1: an unquoted yes/on/no/off would arrive as a boolean,
  // and a label selector `ray.io/is-ray-node: yes` would match nothing (or be rejected).
  test("quotes strings that YAML 1.1 reads as booleans", () => {
    const text = helmValuesYaml({ matchLabels: { "ray.io/is-ray-node": "yes" }, flags: ["on", "off", "no", "y"] });
    expect(text).toContain('ray.io/is-ray-node: "yes"');
    expect(parse(text, { version: "1.1" })).toEqual({ matchLabels: { "ray.io/is-ray-node": "yes" }, flags: ["on", "off", "no", "y"] });
  });

  test("keeps real booleans and numbers as they are, and writes no anchors", () => {
    const shared = { enabled: true };
    const text = helmValuesYaml({ a: shared, b: shared, port: 8080 });
    expect(text).not.toMatch(/[&*]/);
    expect(parse(text, { version: "1.1" })).toEqual({ a: { enabled: true }, b: { enabled: true }, port: 8080 });
  });
});
