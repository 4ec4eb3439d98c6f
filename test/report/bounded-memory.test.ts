// What an audit keeps grows no faster than it must (checked structurally, never by timing or by
// measuring memory: `npm run bench` measures peak memory at two corpus sizes).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { digestOf, hashFile, hashFiles, sha256 } from "../../src/report/run-record.js";
import { writeTemp } from "../support/helpers.js";

describe("run record", () => {
  it("hashes a case file larger than its read buffer piece by piece, to the hash of the whole", () => {
    const file = writeTemp("big.ndjson", randomBytes(3 * (1 << 20) + 17));
    expect(hashFile(file).sha256).toBe(sha256(readFileSync(file)));
  });

  it("folds the case files' digest file by file, keeping no list when told not to", () => {
    const files = [writeTemp("a.yaml", "a: 1\n"), writeTemp("b.yaml", "b: 2\n")];
    const listed = hashFiles(files);
    expect(listed.files.map((f) => f.path)).toEqual(files);
    expect(listed.digest).toBe(digestOf(files.map(hashFile)));
    expect(hashFiles(files, false)).toEqual({ digest: listed.digest, files: [] });
  });
});
