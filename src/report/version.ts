// The tool's name and version, as package.json gives them; reports and --version print these.
import { readFileSync } from "node:fs";

function readPackage(): { name: string; version: string } {
  // src/report/version.ts sits two levels below the package root, dist/src/report/version.js three:
  // try both, so tests run from source and the built CLI agree.
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "imr-rules" && pkg.version) return { name: pkg.name, version: pkg.version };
    } catch {
      // not here
    }
  }
  return { name: "imr-rules", version: "0.0.0" };
}

const pkg = readPackage();
export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
