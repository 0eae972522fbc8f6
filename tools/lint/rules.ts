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
  "no-cloud-branch": "no `cloud ===` / `cloud !==` under constructs/: the stack picks the implementation once per layer",
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
    if (underConstructs && ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind) && (isCloud(node.left) || isCloud(node.right))) {
      report(node, "no-cloud-branch", `compares ${node.getText(source)}`);
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

/** `cloud` or `<anything>.cloud`: the platform's cloud discriminator. */
function isCloud(e: ts.Expression): boolean {
  return (ts.isIdentifier(e) && e.text === "cloud") || (ts.isPropertyAccessExpression(e) && e.name.text === "cloud");
}

/** One line per violation: `file:line: rule: message`. */
export function formatViolation(v: LintViolation): string {
  return `${v.file}:${v.line}: ${v.rule}: ${v.message}`;
}
