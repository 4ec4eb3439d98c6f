// Expands paths (files or directories) into a sorted list of YAML files. Directories are walked
// with their real paths remembered, so a symbolic-link loop is reported instead of followed forever.
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

const MAX_FILES = 10_000;
const MAX_DEPTH = 16;

export function findYamlFiles(
  paths: readonly string[],
  /** maxFiles: a larger limit for a corpus audit (which streams its cases) than for rules or tests. */
  opts: { include?: (file: string) => boolean; maxFiles?: number } = {},
): { files: string[]; diagnostics: Diagnostic[] } {
  const maxFiles = opts.maxFiles ?? MAX_FILES;
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const include = opts.include ?? (() => true);
  const at = { line: 1, column: 1 };

  const walk = (dir: string, depth: number) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      diagnostics.push(diagnostic(display(dir), at, (e as NodeJS.ErrnoException).code === "ELOOP" ? "symlink_loop" : "unreadable_file", (e as NodeJS.ErrnoException).code === "ELOOP" ? "is a symbolic link loop" : "cannot be read"));
      return;
    }
    if (seen.has(real)) {
      diagnostics.push(diagnostic(display(dir), at, "symlink_loop", "leads back to a directory already read (symbolic link loop)"));
      return;
    }
    seen.add(real);
    if (depth > MAX_DEPTH) {
      diagnostics.push(diagnostic(display(dir), at, "too_deep", `directories nested deeper than ${MAX_DEPTH} levels`));
      return;
    }
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      diagnostics.push(diagnostic(display(dir), at, "unreadable_file", "directory cannot be read"));
      return;
    }
    for (const name of entries) {
      if (name.startsWith(".")) continue;
      const full = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (/\.ya?ml$/.test(name) || code === "ELOOP") {
          diagnostics.push(diagnostic(display(full), at, code === "ELOOP" ? "symlink_loop" : "unreadable_file", code === "ELOOP" ? "is a symbolic link loop" : `cannot be read (${code})`));
        }
        continue;
      }
      if (isDir) walk(full, depth + 1);
      else if (/\.ya?ml$/.test(name) && include(full)) files.push(display(full));
      if (files.length > maxFiles) {
        diagnostics.push(diagnostic(display(dir), at, "too_many_files", `more than ${maxFiles} files`));
        return;
      }
    }
  };

  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // A missing or looping path is reported by the reader, with its own code.
      files.push(display(p));
      continue;
    }
    if (isDir) walk(p, 0);
    else files.push(display(p));
  }
  return { files: [...new Set(files)].sort(), diagnostics };
}

/** Paths as printed: relative to the working directory, with forward slashes. */
export function display(p: string): string {
  const rel = relative(process.cwd(), p) || p;
  const shown = rel.startsWith("..") ? p : rel;
  return shown.split(sep).join("/");
}
