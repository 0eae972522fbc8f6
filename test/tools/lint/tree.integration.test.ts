import { lintTree } from "../../../tools/lint";
import { ROOT } from "../../helpers";

/**
 * The project's own tree keeps every house rule. `npm run typecheck` runs the same lint
 * (and CI runs that); this holds it in the integration suite too. It parses all ~350
 * source files (~1.1 s), so it is not part of `npm test`, whose rules are proved on
 * fixtures in rules.test.ts.
 */
describe("house-rule lint on the project", () => {
  it("passes the project's tree", () => {
    expect(lintTree(ROOT)).toEqual([]);
  });
});
