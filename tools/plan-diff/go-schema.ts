/**
 * Reads the resource schemas of a Terraform provider written with terraform-plugin-sdk/v2
 * from its Go source, far enough to say which attributes are `ForceNew`: the composite
 * literals `map[string]*schema.Schema{...}`, `&schema.Schema{...}` and
 * `&schema.Resource{...}`, the package-level vars and functions that return them, and
 * `tpgresource.MergeSchemas`. Anything else where a schema is expected is an error naming
 * file and line: the extraction never guesses. Pure: the caller hands in the sources.
 */

/** A Go source file: its path in the repository and its text. */
export interface GoFile {
  readonly path: string;
  readonly text: string;
}

interface Token {
  readonly kind: "ident" | "string" | "number" | "punct" | "char";
  readonly value: string;
  readonly line: number;
}

/** Go tokens, comments dropped; enough for composite literals and declarations. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: Token["kind"], value: string, at: number) => out.push({ kind, value, line: at });
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") { line++; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (text.startsWith("//", i)) { while (i < text.length && text[i] !== "\n") i++; continue; }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      line += (text.slice(i, stop).match(/\n/g) ?? []).length;
      i = stop;
      continue;
    }
    const start = line;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      push("string", JSON.parse(text.slice(i, j + 1).replace(/\\'/g, "'")) as string, start);
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = text.indexOf("`", i + 1);
      const raw = text.slice(i + 1, j);
      line += (raw.match(/\n/g) ?? []).length;
      push("string", raw, start);
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== "'") j += text[j] === "\\" ? 2 : 1;
      push("char", text.slice(i, j + 1), start);
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
    if (word) { push("ident", word[0], start); i += word[0].length; continue; }
    const num = /^[0-9][0-9a-fA-FxX._]*/.exec(text.slice(i, i + 50));
    if (num) { push("number", num[0], start); i += num[0].length; continue; }
    const op = ["...", ":=", "&&", "||", "==", "!=", "<=", ">=", "<-", "++", "--"].find((o) => text.startsWith(o, i)) ?? c;
    push("punct", op, start);
    i += op.length;
  }
  return out;
}

/** An expression where a schema may appear, kept as far as the extraction needs it. */
export type GoExpr =
  | { readonly kind: "literal"; readonly type: string; readonly fields: readonly GoField[]; readonly file: string; readonly line: number }
  | { readonly kind: "ref"; readonly name: string; readonly file: string; readonly line: number }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly GoExpr[]; readonly file: string; readonly line: number }
  | { readonly kind: "other"; readonly text: string; readonly file: string; readonly line: number };

/** One element of a composite literal: `key: value` (key a field name or a string) or a bare value. */
export interface GoField {
  readonly key?: string;
  readonly keyIsString?: boolean;
  readonly value: GoExpr;
  readonly line: number;
}

const OPEN: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

class Parser {
  pos = 0;
  constructor(readonly tokens: readonly Token[], readonly file: string) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  is(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind !== "string" && t.value === value;
  }

  expect(value: string): Token {
    const t = this.peek();
    if (!t || t.value !== value) throw new Error(`${this.file}:${t?.line ?? "end"}: expected "${value}", got "${t?.value ?? "end of file"}"`);
    this.pos++;
    return t;
  }

  /** Skips one balanced group starting at an opening bracket. */
  skipGroup(): void {
    const open = this.peek()!.value;
    const close = OPEN[open];
    let depth = 0;
    do {
      const t = this.tokens[this.pos++];
      if (!t) throw new Error(`${this.file}: unbalanced "${open}"`);
      if (t.kind === "punct" && t.value === open) depth++;
      else if (t.kind === "punct" && t.value === close) depth--;
    } while (depth > 0);
  }

  /** Skips to the next `,` or closing bracket at this depth; returns the text skipped. */
  skipValue(): string {
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === "punct" && (t.value === "," || t.value === "}" || t.value === ")" || t.value === "]")) break;
      if (t.kind === "punct" && OPEN[t.value]) {
        const from = this.pos;
        this.skipGroup();
        parts.push(this.tokens.slice(from, this.pos).map((x) => x.value).join(" "));
        continue;
      }
      parts.push(t.kind === "string" ? JSON.stringify(t.value) : t.value);
      this.pos++;
    }
    return parts.join(" ");
  }

  /** A type in front of a composite literal: `map[string]*schema.Schema`, `schema.Resource`, `[]string`. */
  typeText(): string {
    const parts: string[] = [];
    while (this.peek() && !this.is("{")) {
      const t = this.peek()!;
      if (t.kind === "punct" && t.value === "[") {
        const from = this.pos;
        this.skipGroup();
        parts.push(this.tokens.slice(from, this.pos).map((x) => x.value).join(""));
        continue;
      }
      parts.push(t.value);
      this.pos++;
    }
    return parts.join("");
  }

  /** One expression in value position. */
  expr(): GoExpr {
    const t = this.peek();
    if (!t) throw new Error(`${this.file}: unexpected end of file`);
    const line = t.line;
    if (this.is("&")) this.pos++;
    if (this.is("{")) return this.literal("", line);
    if (this.is("map") || this.is("[")) {
      const type = this.typeText();
      return this.literal(type, line);
    }
    // A qualified or plain name: a reference, a call, or a typed composite literal.
    if (this.peek()?.kind === "ident" && !this.is("func")) {
      const from = this.pos;
      let name = this.peek()!.value;
      this.pos++;
      while (this.is(".") && this.peek(1)?.kind === "ident") {
        name += `.${this.peek(1)!.value}`;
        this.pos += 2;
      }
      const end = (x: Token | undefined) => !x || (x.kind === "punct" && [",", "}", ")", "]"].includes(x.value));
      if (this.is("{") && /^(schema\.(Schema|Resource)|[A-Z]\w*)$/.test(name)) return this.literal(name, line);
      if (this.is("(")) {
        const args = this.args();
        if (end(this.peek())) return { kind: "call", name, args, file: this.file, line };
      } else if (end(this.peek())) {
        return { kind: "ref", name, file: this.file, line };
      }
      this.pos = from;
    }
    return { kind: "other", text: this.skipValue(), file: this.file, line };
  }

  args(): GoExpr[] {
    this.expect("(");
    const out: GoExpr[] = [];
    while (!this.is(")")) {
      out.push(this.expr());
      if (this.is(",")) this.pos++;
    }
    this.expect(")");
    return out;
  }

  literal(type: string, line: number): GoExpr {
    this.expect("{");
    const fields: GoField[] = [];
    while (!this.is("}")) {
      const t = this.peek()!;
      if ((t.kind === "string" || t.kind === "ident") && this.is(":", 1)) {
        this.pos += 2;
        fields.push({ key: t.value, keyIsString: t.kind === "string", value: this.expr(), line: t.line });
      } else {
        fields.push({ value: this.expr(), line: t.line });
      }
      if (this.is(",")) this.pos++;
      else if (!this.is("}")) throw new Error(`${this.file}:${this.peek()?.line}: expected "," or "}" in a composite literal, got "${this.peek()?.value}"`);
    }
    this.expect("}");
    return { kind: "literal", type, fields, file: this.file, line };
  }
}

/** A package-level declaration: `var X = <expr>` or `func X(params) <result> { ... return <expr> }`. */
export type GoDecl =
  | { readonly kind: "var"; readonly name: string; readonly value: GoExpr }
  | { readonly kind: "func"; readonly name: string; readonly params: readonly string[]; readonly returns: readonly GoExpr[]; readonly bodyText: string; readonly bodyLine: number; readonly file: string; readonly line: number };

/** The package-level vars and functions of one file that return or hold a schema. */
export function declarations(file: GoFile): GoDecl[] {
  const tokens = tokenize(file.text);
  const out: GoDecl[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "punct" && (t.value === "{" || t.value === "(")) depth++;
    if (t.kind === "punct" && (t.value === "}" || t.value === ")")) depth--;
    if (depth !== 0 || t.kind !== "ident") continue;
    if (t.value === "var" && tokens[i + 1]?.value === "(") {
      // A var group: each `name = <expr>` at the group's own depth.
      const g = new Parser(tokens, file.path);
      g.pos = i + 1;
      g.skipGroup();
      let nest = 0;
      for (let j = i + 2; j < g.pos - 1; j++) {
        const x = tokens[j];
        if (x.kind === "punct" && OPEN[x.value]) nest++;
        else if (x.kind === "punct" && Object.values(OPEN).includes(x.value)) nest--;
        else if (nest === 0 && x.kind === "ident" && tokens[j + 1]?.value === "=" && tokens[j - 1].line < x.line) {
          const p = new Parser(tokens, file.path);
          p.pos = j + 2;
          try {
            out.push({ kind: "var", name: x.value, value: p.expr() });
          } catch {
            // not an expression the extraction reads: never a schema
          }
        }
      }
      i = g.pos - 1;
      continue;
    }
    // `var name = <expr>` or `var name Type = <expr>` (the type on the same line).
    let eq = i + 2;
    while (tokens[eq] && tokens[eq].line === t.line && tokens[eq].value !== "=" && tokens[eq].value !== "{") eq++;
    if (t.value === "var" && tokens[i + 1]?.kind === "ident" && tokens[eq]?.value === "=") {
      const p = new Parser(tokens, file.path);
      p.pos = eq + 1;
      try {
        out.push({ kind: "var", name: tokens[i + 1].value, value: p.expr() });
      } catch {
        // a var that is no expression the extraction reads: never a schema
      }
    }
    // Methods (`func (r *T) Name`) hold no schema; only plain functions are indexed.
    if (t.value === "func" && tokens[i + 1]?.kind === "ident" && tokens[i + 2]?.value === "(") {
      const name = tokens[i + 1].value;
      const p = new Parser(tokens, file.path);
      p.pos = i + 2;
      const paramsFrom = p.pos;
      p.skipGroup();
      const paramTokens = tokens.slice(paramsFrom + 1, p.pos - 1);
      // Parameter names: the first identifier of each comma-separated part.
      const params: string[] = [];
      let expectName = true;
      let nest = 0;
      for (const x of paramTokens) {
        if (x.kind === "punct" && OPEN[x.value]) nest++;
        if (x.kind === "punct" && Object.values(OPEN).includes(x.value)) nest--;
        if (nest === 0 && x.value === ",") { expectName = true; continue; }
        if (expectName && x.kind === "ident") { params.push(x.value); expectName = false; }
      }
      // Skip the result type up to the body.
      while (p.peek() && !p.is("{")) {
        if (OPEN[p.peek()!.value] && !p.is("{")) p.skipGroup();
        else p.pos++;
      }
      if (!p.peek()) continue;
      const bodyFrom = p.pos;
      p.skipGroup();
      const bodyEnd = p.pos;
      const returns: GoExpr[] = [];
      // `return` statements of the function itself (not of nested func literals).
      for (let j = bodyFrom + 1; j < bodyEnd - 1; j++) {
        const x = tokens[j];
        if (x.kind === "ident" && x.value === "func" && j > bodyFrom + 1) {
          // a func literal: skip its signature and body
          const q = new Parser(tokens, file.path);
          q.pos = j + 1;
          while (q.peek() && !q.is("{")) {
            if (OPEN[q.peek()!.value]) q.skipGroup();
            else q.pos++;
          }
          q.skipGroup();
          j = q.pos - 1;
          continue;
        }
        if (x.kind === "ident" && x.value === "return") {
          const q = new Parser(tokens, file.path);
          q.pos = j + 1;
          try {
            returns.push(q.expr());
          } catch {
            returns.push({ kind: "other", text: "(unparsed)", file: file.path, line: x.line });
          }
        }
      }
      const lines = file.text.split("\n");
      out.push({
        kind: "func", name, params, returns, file: file.path, line: t.line,
        bodyLine: tokens[bodyFrom].line,
        bodyText: lines.slice(tokens[bodyFrom].line - 1, tokens[bodyEnd - 1].line).join("\n"),
      });
      i = bodyEnd - 1;
    }
  }
  return out;
}
