import * as fs from "fs";
import * as path from "path";

/**
 * The shell commands the docs tell a reader to run: every line of a `sh`/`bash` fenced
 * block, and every inline code span that starts with `npm ` or `npx `. Pure parsing.
 */

/** One documented command and where it is. */
export interface DocCommand {
  readonly file: string;
  readonly line: number;
  /** The command without its trailing comment, continuation lines joined. */
  readonly text: string;
  /** From a fenced block (run as a script) or inline in prose. */
  readonly inBlock: boolean;
}

/** The Markdown files whose commands are checked: README.md and docs/*.md. */
export function docFiles(root: string): string[] {
  return ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

/** Drops a trailing ` # comment` outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

/** Every command of one Markdown text. */
export function commandsOf(file: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = markdown.split("\n");
  let lang: string | undefined;
  let pending: { text: string; line: number } | undefined;
  lines.forEach((raw, i) => {
    const fence = /^```(\w*)\s*$/.exec(raw.trim());
    if (fence) {
      lang = lang === undefined ? fence[1] : undefined;
      return;
    }
    if (lang !== undefined) {
      if (!["sh", "bash", "shell"].includes(lang)) return;
      const text = stripComment(raw);
      const joined = pending ? `${pending.text} ${text.trim()}` : text;
      if (joined.endsWith("\\")) pending = { text: joined.slice(0, -1).trimEnd(), line: pending?.line ?? i + 1 };
      else {
        if (joined.trim()) out.push({ file, line: pending?.line ?? i + 1, text: joined.trim(), inBlock: true });
        pending = undefined;
      }
      return;
    }
    for (const m of raw.matchAll(/`(np[mx] [^`]+)`/g)) {
      for (const part of m[1].replace(/\\\|/g, "|").split("&&")) out.push({ file, line: i + 1, text: part.trim(), inBlock: false });
    }
  });
  return out;
}

/** The words of a command line (single and double quotes removed; no expansion). */
export function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}
