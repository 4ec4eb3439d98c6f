// `imr impact --base <git ref | rules dir>`: a directory is used as it is; anything else is a git
// ref, whose copy of the rules directory is extracted (git archive) into a temporary directory.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { diagnostic, InputError } from "../diagnostics/diagnostic.js";

export interface BaseRules {
  /** The rules directory to load. */
  dir: string;
  /** What the user named: the ref (with its commit) or the directory. */
  ref: string;
}

export function resolveBaseRules(base: string, rulesDir: string): BaseRules {
  if (existsSync(base) && statSync(base).isDirectory()) return { dir: base, ref: base };
  const at = { line: 1, column: 1 };
  const git = (args: string[], cwd: string) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const rulesAbs = resolve(rulesDir);
  let top: string;
  let commit: string;
  try {
    top = git(["rev-parse", "--show-toplevel"], existsSync(rulesAbs) ? rulesAbs : process.cwd());
    commit = git(["rev-parse", "--verify", "--quiet", `${base}^{commit}`], top);
  } catch {
    throw new InputError([
      diagnostic("--base", at, "usage", `"${base}" is neither a rules directory nor a git ref`, {
        hint: "give a directory such as ../old/rules, or a ref such as main, HEAD~1 or a tag",
      }),
    ]);
  }
  const path = relative(top, rulesAbs).split("\\").join("/") || ".";
  const out = mkdtempSync(join(tmpdir(), "imr-base-"));
  try {
    const tar = execFileSync("git", ["archive", "--format=tar", commit, "--", path], {
      cwd: top,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
    execFileSync("tar", ["-x", "-C", out], { input: tar, stdio: ["pipe", "ignore", "pipe"] });
  } catch {
    throw new InputError([diagnostic("--base", at, "usage", `${base} (${commit.slice(0, 12)}) has no ${path}/`, { hint: "check the ref and --rules" })]);
  }
  return { dir: join(out, path), ref: `${base} (${commit.slice(0, 12)})` };
}
