import { embeddedDocument, expandEmbedded } from "../../../tools/plan-diff/structure";

describe("plan-diff reads documents embedded in strings", () => {
  const values = "controller:\n  replicas: 2\n  args:\n    - --leader-elect\n";

  test("a YAML mapping, a JSON object and a plain string", () => {
    expect(embeddedDocument(values)).toEqual({ controller: { replicas: 2, args: ["--leader-elect"] } });
    expect(embeddedDocument('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(embeddedDocument("just text")).toBeUndefined();
    expect(embeddedDocument("${aws_eks_cluster.c.endpoint}")).toBeUndefined();
  });

  // A plan's before and after repeat most strings (every release's values): each text is parsed once.
  test("reads a text once, and expandEmbedded hands out copies, so the document it keeps cannot change", () => {
    const first = embeddedDocument(values);
    expect(embeddedDocument(values)).toBe(first);
    const expanded = expandEmbedded({ values: [values] }) as { values: Record<string, unknown>[] };
    expect(expanded.values[0]).toEqual(first);
    expect(expanded.values[0]).not.toBe(first);
    (expanded.values[0] as { controller: { replicas: number } }).controller.replicas = 9;
    expect(embeddedDocument(values)).toEqual({ controller: { replicas: 2, args: ["--leader-elect"] } });
  });
});
