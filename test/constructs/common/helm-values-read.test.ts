import { App, Lazy, TerraformOutput, TerraformStack } from "cdktf";
import { parse } from "yaml";
import { helmValuesYaml, readHelmValues } from "../../../constructs/common";
import { buildApp } from "../../../stacks/app";
import { fixtureConfig } from "../../helpers";

/**
 * readHelmValues() is what the policies read Helm values with: YAML 1.1, as Helm reads them,
 * answered from what helmValuesYaml() wrote when the text is one it wrote. That answer must be
 * the parser's, for every text a synth writes and for strings YAML 1.1 reads as something else.
 */
describe("readHelmValues", () => {
  /** Every `helm_release.values` text of a fixture topology's whole app, synthesized in this process. */
  function valuesTexts(topology: string): string[] {
    const app = buildApp(fixtureConfig(topology), { outdir: "unused-outdir-not-written" });
    const texts: string[] = [];
    for (const stack of app.node.children.filter(TerraformStack.isStack)) {
      const json = stack.toTerraform() as { resource?: { helm_release?: Record<string, { values?: string[] }> } };
      for (const release of Object.values(json.resource?.helm_release ?? {})) texts.push(...(release.values ?? []));
    }
    return texts;
  }

  test.each(["default", "azure"])("reads every values text of the %s topology as the YAML 1.1 parser does, without parsing it again", (topology) => {
    const texts = valuesTexts(topology);
    expect(texts.length).toBeGreaterThan(5);
    // Some hold Terraform references (a hub's peer address, Karpenter's role): resolved by synth.
    expect(texts.filter((text) => text.includes("${data.")).length).toBeGreaterThan(0);
    for (const text of texts) {
      const read = readHelmValues(text);
      expect(read).toEqual(parse(text, { version: "1.1" }));
      // Written by helmValuesYaml: the kept data, not a new parse.
      expect(readHelmValues(text)).toBe(read);
      expect(Object.isFrozen(read)).toBe(true);
    }
  });

  /** The text synth writes for values holding a token that resolves to `resolved`. */
  function synthesized(values: (token: string) => unknown, resolved: string): string {
    const stack = new TerraformStack(new App({ outdir: "unused-outdir-not-written" }), "values");
    new TerraformOutput(stack, "values", { value: helmValuesYaml(values(Lazy.stringValue({ produce: () => resolved }))) });
    return (stack.toTerraform() as { output: { values: { value: string } } }).output.values.value;
  }

  test("a reference resolved into the text is kept with the resolved data when the writer would write the same text", () => {
    const text = synthesized((t) => ({ serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": t } } }), "${data.aws_iam_role.Controller.arn}");
    expect(text).toBe("serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: ${data.aws_iam_role.Controller.arn}\n");
    const read = readHelmValues(text);
    expect(read).toEqual({ serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "${data.aws_iam_role.Controller.arn}" } } });
    expect(readHelmValues(text)).toBe(read);
  });

  test("a token whose value the writer would have quoted is not kept: its text is parsed, as Helm would read it", () => {
    // Resolved into a plain scalar, "a: b" makes a nested mapping, not the string the data holds.
    const text = synthesized((t) => ({ outer: { key: `${t}` } }), "a: b #c");
    expect(text).toBe("outer:\n  key: a: b #c\n");
    expect(() => readHelmValues(text)).toThrow();
    const spaced = synthesized((t) => ({ key: t }), " padded");
    expect(readHelmValues(spaced)).toEqual(parse(spaced, { version: "1.1" }));
    expect(readHelmValues(spaced)).not.toBe(readHelmValues(spaced));
  });

  test("strings YAML 1.1 would read as something else read back as the strings written", () => {
    const strings = ["yes", "No", "on", "OFF", "y", "~", "null", "0o17", "017", "0x1F", "0b101", "1_000", "1e3", ".5", "+1", "-0", ".inf", ".NaN",
      "12:30", "190:20:30", "2024-01-01", "<<", "=", "a: b", "- x", "#c", "&a", "*a", "!t", "%x", "@x", "`x", "{x}", "[x]", "?", " lead", "trail ", "", "\t", "multi\nline\n", "é"];
    for (const s of strings) {
      const values = { key: s, list: [s], [s === "<<" ? "merge" : s || "empty"]: s };
      const text = helmValuesYaml(values);
      expect({ s, read: readHelmValues(text) }).toEqual({ s, read: parse(text, { version: "1.1" }) });
      expect(readHelmValues(text)).toEqual(values);
    }
  });

  test("data that does not read back as itself is not kept, so its text is parsed", () => {
    for (const values of [{ ratio: Number.NaN }, { limit: Number.POSITIVE_INFINITY }, { "<<": { a: 1 } }, { at: new Date(0) }, { list: [undefined] }]) {
      const text = helmValuesYaml(values);
      const read = readHelmValues(text);
      expect(read).toEqual(parse(text, { version: "1.1" }));
      expect(readHelmValues(text)).not.toBe(read);
    }
  });

  test("text that synth changed (a token resolved into it), or that was never written here, is parsed", () => {
    const text = "server:\n  persistentVolume:\n    enabled: yes\n";
    expect(readHelmValues(text)).toEqual({ server: { persistentVolume: { enabled: true } } });
    expect(readHelmValues(text)).not.toBe(readHelmValues(text));
    expect(() => readHelmValues("a: [")).toThrow();
  });
});
