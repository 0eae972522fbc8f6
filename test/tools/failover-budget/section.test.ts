import * as fs from "fs";
import * as path from "path";
import { BEGIN_MARKER, BUDGET_DOCS, budgetSection, END_MARKER, replaceBetweenMarkers } from "../../../tools/failover-budget/section";
import { defaultConfig, liveConfig, ROOT } from "../../helpers";

test.each(BUDGET_DOCS)("%s holds the budget table generated from regions/ (run npm run docs:failover-budget when this fails)", (file) => {
  const doc = fs.readFileSync(path.join(ROOT, file), "utf8");
  expect(replaceBetweenMarkers(doc, budgetSection(liveConfig()))).toBe(doc);
});

test("a region's row gives detection and client-visible failover from its health check and TTL", () => {
  expect(budgetSection(defaultConfig())).toContain("| us-east-1 | route53 | 2 x 10 + 6 = **26 s** | 26 + 10 = **36 s** |");
});

test("replaceBetweenMarkers replaces only what is between the markers, and is idempotent", () => {
  const doc = `intro\n${BEGIN_MARKER}\nold\n${END_MARKER}\noutro\n`;
  const once = replaceBetweenMarkers(doc, "new");
  expect(once).toBe(`intro\n${BEGIN_MARKER}\nnew\n${END_MARKER}\noutro\n`);
  expect(replaceBetweenMarkers(once, "new")).toBe(once);
});

test("fails when the document lacks the markers", () => {
  expect(() => replaceBetweenMarkers("no markers here", "x")).toThrow(`the document must hold "${BEGIN_MARKER}" followed by "${END_MARKER}"`);
});
