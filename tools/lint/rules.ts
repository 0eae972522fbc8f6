import * as path from "path";
import * as ts from "typescript";

/**
 * The house rules a machine can judge (../shared/STYLE.md rules 4a, 6, 11 and 3), as pure
 * functions of one file's path and text. The TypeScript parser reads the file, so a rule
 * sees imports, interfaces and comparisons, not text that merely looks like them.
 */

/** One broken rule at one place. */
export interface LintViolation {
  /** Project-relative path with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly rule: LintRule;
  readonly message: string;
}

/** The rules, by id. */
export const LINT_RULES = {
  "deep-provider-import": "import provider classes from their module (`@cdktf/provider-aws/lib/eks-cluster`), never the package barrel: the barrel costs ~7 s and ~1.3 GB per synth",
  "props-default": "every optional prop of a construct's `XxxProps` documents its default with `@default`",
  "no-cloud-branch": "outside stacks/ and tests, never branch on a particular cloud (`cloud === \"aws\"`, a `case \"gcp\"`, `.includes(\"azure\")`): " +
    "put per-cloud facts in a `Record<Cloud, ...>` table, which a new cloud must fill to typecheck; comparing two clouds (`a.cloud === b.cloud`) is allowed",
  "no-config-schema": "constructs/ never imports config/schema: constructs own their props, stacks translate config into them",
  "index-import": "outside constructs/, import a construct folder through its index.ts (`../constructs/aws`), never a file inside it",
  "depends-on-twice": "`props.dependsOn` is spread once per constructor: a list built from one that already holds it repeats every entry in `depends_on`",
} as const;

/** A rule id. */
export type LintRule = keyof typeof LINT_RULES;

const PROVIDER_BARREL = /^@cdktf\/provider-[a-z0-9-]+(\/lib)?\/?$/;

/** Lints one TypeScript file; `file` is project-relative, `/`-separated. */
export function lintSource(file: string, text: string): LintViolation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const underConstructs = file.startsWith("constructs/");
  // Stacks pick the implementation per cloud, once per layer; tests build per-cloud fixtures.
  const mayBranchOnCloud = file.startsWith("stacks/") || isTest(file);
  const out: LintViolation[] = [];
  const report = (node: ts.Node, rule: LintRule, detail: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    out.push({ file, line, rule, message: `${detail}; ${LINT_RULES[rule]}` });
  };

  const visit = (node: ts.Node): void => {
    const spec = moduleSpecifier(node);
    if (spec !== undefined) {
      if (PROVIDER_BARREL.test(spec)) report(node, "deep-provider-import", `imports the barrel "${spec}"`);
      if (underConstructs && spec.startsWith(".") && resolvesTo(file, spec, "config/schema")) {
        report(node, "no-config-schema", `imports "${spec}"`);
      }
      // Tests may reach into a folder to test its internals; other layers may not.
      if (!underConstructs && !file.startsWith("test/") && spec.startsWith(".") && /^constructs\/[^/]+\/[^/]+$/.test(resolved(file, spec))) {
        report(node, "index-import", `imports "${spec}"`);
      }
    }
    if (underConstructs && ts.isInterfaceDeclaration(node) && node.name.text.endsWith("Props")) {
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.questionToken && !hasDefaultTag(member)) {
          report(member, "props-default", `${node.name.text}.${member.name.getText(source)} is optional without @default`);
        }
      }
    }
    if (!mayBranchOnCloud) {
      const branch = cloudBranch(node, source);
      if (branch) report(branch.at, "no-cloud-branch", branch.detail);
    }
    if (ts.isConstructorDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
      const spreads = spreadsOfPropsDependsOn(node, source);
      if (spreads.length > 1) report(spreads[1], "depends-on-twice", `spreads props.dependsOn ${spreads.length} times in one body`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Spreads of `props.dependsOn` in a body; a list built from another that already holds it counts twice. */
function spreadsOfPropsDependsOn(body: ts.Node, source: ts.SourceFile): ts.SpreadElement[] {
  const found: ts.SpreadElement[] = [];
  const walk = (n: ts.Node): void => {
    if (ts.isSpreadElement(n) && /\bprops\.dependsOn\b/.test(n.expression.getText(source))) found.push(n);
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(body, walk);
  return found;
}

function moduleSpecifier(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return node.moduleSpecifier.text;
  }
  if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
    const callee = node.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) return node.arguments[0].text;
  }
  return undefined;
}

function resolved(file: string, spec: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(ts|js)$/, "");
}

function resolvesTo(file: string, spec: string, target: string): boolean {
  return resolved(file, spec) === target;
}

function hasDefaultTag(member: ts.PropertySignature): boolean {
  return ts.getJSDocTags(member).some((t) => t.tagName.text === "default");
}

function isEquality(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken
    || kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
}

/** A test file: under test/, or named `*.test.ts`. */
function isTest(file: string): boolean {
  return file.startsWith("test/") || file.endsWith(".test.ts");
}

/**
 * The cloud ids, as they appear in code. Kept here rather than imported from
 * catalog/cloud.ts so the lint stays free of the project it judges; the lint's tests check
 * the two lists agree.
 */
export const LINTED_CLOUD_IDS: readonly string[] = ["aws", "gcp", "azure"];

/** Strips parentheses and `as`/`!` wrappers, which do not change what is compared. */
function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/** `cloud`, `<anything>.cloud` or `<anything>["cloud"]`: the platform's cloud discriminator. */
function isCloud(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (ts.isIdentifier(e) && e.text === "cloud")
    || (ts.isPropertyAccessExpression(e) && e.name.text === "cloud")
    || (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression) && e.argumentExpression.text === "cloud");
}

/** `undefined` or `null`. */
function isNothing(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
}

/** A string literal naming a cloud (`"aws"`, `` `gcp` ``). */
function isCloudLiteral(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return ts.isStringLiteralLike(e) && LINTED_CLOUD_IDS.includes(e.text);
}

/**
 * Where `node` branches on a particular cloud, if it does: an equality with a cloud literal on
 * either side or a cloud discriminator against anything but another discriminator; a case
 * naming a cloud, or any string case of a switch on a discriminator; a membership test
 * (`includes`, `has`, `indexOf`) of a cloud literal.
 */
function cloudBranch(node: ts.Node, source: ts.SourceFile): { readonly at: ts.Node; readonly detail: string } | undefined {
  if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind)) {
    const [l, r] = [node.left, node.right];
    // Two discriminators compared, or one tested for presence, name no particular cloud.
    const neutral = (e: ts.Expression) => isCloud(e) || isNothing(e);
    if (isCloudLiteral(l) || isCloudLiteral(r) || (isCloud(l) && !neutral(r)) || (isCloud(r) && !neutral(l))) {
      return { at: node, detail: `compares ${node.getText(source)}` };
    }
  }
  if (ts.isCaseClause(node) && ts.isSwitchStatement(node.parent.parent)) {
    const on = node.parent.parent.expression;
    if (isCloudLiteral(node.expression) || (isCloud(on) && ts.isStringLiteralLike(unwrap(node.expression)))) {
      return { at: node, detail: `switches on ${on.getText(source)} with case ${node.expression.getText(source)}` };
    }
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["includes", "has", "indexOf"].includes(node.expression.name.text)
    && node.arguments.length >= 1 && isCloudLiteral(node.arguments[0])) {
    return { at: node, detail: `tests membership of a cloud: ${node.getText(source)}` };
  }
  return undefined;
}

/** One line per violation: `file:line: rule: message`. */
export function formatViolation(v: LintViolation): string {
  return `${v.file}:${v.line}: ${v.rule}: ${v.message}`;
}
