// Expands paths (files or directories) into a sorted list of YAML files. Directories are walked
// with their real paths remembered, so a symbolic-link loop is reported instead of followed forever;
// a link that leads out of the directory given is refused unless followLinks is set (a link in a
// case folder must not read, and echo, a file elsewhere); the walk stops at maxFiles files.
import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

/** Files one walk may list by default: a year of letters in a folder tree is about 185,000. */
export const DEFAULT_MAX_FILES = 250_000;
export const MAX_DEPTH = 16;

export interface WalkOptions {
  /** Stop the walk (too_many_files) when more than this many YAML files are found. */
  maxFiles?: number;
  /** Read files and directories that symbolic links lead to outside the directory given. */
  followLinks?: boolean;
}

export function findYamlFiles(
  paths: readonly string[],
  opts: WalkOptions & { include?: (file: string) => boolean } = {},
): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const include = opts.include ?? (() => true);
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const at = { line: 1, column: 1 };
  let stopped = false;

  const add = (file: string, root: string) => {
    if (files.length >= maxFiles) {
      diagnostics.push(
        diagnostic(display(root), at, "too_many_files", `more than ${maxFiles} files; the walk stopped there`, {
          hint: "audit the tree in parts, or raise --max-files",
        }),
      );
      stopped = true;
      return;
    }
    files.push(display(file));
  };

  const walk = (dir: string, depth: number, root: string, rootReal: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
      diagnostics.push(diagnostic(display(dir), at, loop ? "symlink_loop" : "unreadable_file", loop ? "is a symbolic link loop" : "cannot be read"));
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
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      diagnostics.push(diagnostic(display(dir), at, "unreadable_file", "directory cannot be read"));
      return;
    }
    for (const entry of entries) {
      if (stopped) return;
      const name = entry.name;
      if (name.startsWith(".")) continue;
      const full = join(dir, name);
      const yaml = /\.ya?ml$/.test(name);
      if (entry.isDirectory()) {
        walk(full, depth + 1, root, rootReal);
        continue;
      }
      if (entry.isSymbolicLink()) {
        let target: string;
        let isDir: boolean;
        try {
          target = realpathSync(full);
          isDir = statSync(target).isDirectory();
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (yaml || code === "ELOOP") {
            diagnostics.push(
              diagnostic(
                display(full),
                at,
                code === "ELOOP" ? "symlink_loop" : code === "ENOENT" ? "file_not_found" : "unreadable_file",
                code === "ELOOP" ? "is a symbolic link loop" : code === "ENOENT" ? "is a symbolic link to nothing" : `cannot be read (${code})`,
              ),
            );
          }
          continue;
        }
        if (!isDir && !yaml) continue;
        if (!opts.followLinks && !inside(rootReal, target)) {
          diagnostics.push(
            diagnostic(
              display(full),
              at,
              "link_outside",
              `is a symbolic link to ${isDir ? "a directory" : "a file"} outside ${display(root)}; it was not read`,
              { hint: "copy the file into the directory, or pass --follow-links to read what links lead to" },
            ),
          );
          continue;
        }
        if (isDir) walk(full, depth + 1, root, rootReal);
        else if (include(full)) add(full, root);
        continue;
      }
      // Regular files, and FIFOs or devices named like YAML files (the reader refuses those).
      if (yaml && include(full)) add(full, root);
    }
  };

  for (const p of paths) {
    if (stopped) break;
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // A missing or looping path is reported by the reader, with its own code.
      files.push(display(p));
      continue;
    }
    if (!isDir) {
      files.push(display(p));
      continue;
    }
    let rootReal: string;
    try {
      rootReal = realpathSync(p);
    } catch {
      rootReal = p;
    }
    walk(p, 0, p, rootReal);
  }
  return { files: [...new Set(files)].sort(), diagnostics };
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
}

/** Paths as printed: relative to the working directory, with forward slashes. */
export function display(p: string): string {
  const rel = relative(process.cwd(), p) || p;
  const shown = rel.startsWith("..") ? p : rel;
  return shown.split(sep).join("/");
}
