// Where reports go: --out refuses targets it would destroy, writes atomically and cleans up after a
// signal; standard output that fails ends quietly (closed pipe) or with output_error and exit 2.
// The signal, pipe and full-disk tests spawn the built CLI: the process is what they test.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../src/diagnostics/diagnostic.js";
import { writeOutput } from "../src/report/write-output.js";
import { ROOT, runCli } from "./support/helpers.js";

const BUILT_CLI = join(ROOT, "dist/src/cli/main.js");
const NO_STACK = /\n\s+at .+:\d+:\d+\)?|internal error/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imr-output-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = (f: () => void): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof InputError ? e.diagnostics[0]!.code : `threw ${String(e)}`;
  }
  return undefined;
};

describe("--out refuses a target it would destroy (output_error, exit 2)", () => {
  it("a directory", async () => {
    const target = join(dir, "a-dir");
    mkdirSync(target);
    const r = await runCli(["audit", "--out", target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${target}:1:1: output_error: is a directory`);
    expect(readdirSync(target)).toEqual([]);
  });

  it("a device (/dev/null stays a device)", async () => {
    const r = await runCli(["audit", "--out", "/dev/null"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("/dev/null:1:1: output_error: is not a regular file");
  });

  it("a FIFO (and the run does not block on it)", async () => {
    const fifo = join(dir, "report.fifo");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return; // no mkfifo here
    const r = await runCli(["audit", "--out", fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${fifo}:1:1: output_error:`);
  });

  it("a symbolic link: neither the link nor the file it names is touched", async () => {
    const real = join(dir, "real.txt");
    const link = join(dir, "link.txt");
    writeFileSync(real, "keep me\n");
    symlinkSync(real, link);
    const r = await runCli(["audit", "--out", link]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${link}:1:1: output_error: is a symbolic link`);
    expect(readFileSync(real, "utf8")).toBe("keep me\n");
    expect(codeOf(() => writeOutput("x", link))).toBe("output_error");
  });

  it("an input of the run: a case file, a file inside a case directory, a rule file", async () => {
    const cases = join(dir, "cases");
    mkdirSync(cases);
    const caseText = readFileSync(join(ROOT, "cases/003_c24b955f5467a18f.yaml"), "utf8");
    writeFileSync(join(cases, "003.yaml"), caseText);
    for (const args of [
      ["evaluate", join(cases, "003.yaml"), "--out", join(cases, "003.yaml")],
      ["audit", join(cases, "003.yaml"), "--out", join(cases, "003.yaml")],
      ["audit", cases, "--out", join(cases, "003.yaml")],
      ["audit", cases, "--out", join(ROOT, "rules/drugs.yaml")],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/output_error: is an input of this run/);
    }
    expect(readFileSync(join(cases, "003.yaml"), "utf8")).toBe(caseText);
  });

  it("a file in a directory that does not exist is refused before any work", async () => {
    const r = await runCli(["audit", "--out", join(dir, "nowhere", "r.txt")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/output_error: cannot write the report: its directory does not exist/);
  });

  it("a regular file is replaced whole, through a temporary file in its own directory", async () => {
    const target = join(dir, "ok.txt");
    writeFileSync(target, "old\n");
    const r = await runCli(["audit", "--out", target]);
    expect(r.code).toBe(0);
    expect(readFileSync(target, "utf8")).toContain("15 items in 5 cases");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("a run stopped by a signal while writing leaves no temporary file", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "%s",
    async (signal) => {
      const out = join(mkdtempSync(join(tmpdir(), "imr-out-signal-")), "report.txt");
      const writer = join(ROOT, "dist/src/report/write-output.js");
      // A child writes a large report again and again (yielding between writes, as a real run ends
      // after its one write): a signal almost surely lands mid-write.
      const script = `
      import { writeOutput } from ${JSON.stringify(writer)};
      const body = Buffer.alloc(8_000_000, "x").toString() + "\\n";
      for (let i = 0; ; i++) {
        writeOutput(body, ${JSON.stringify(out)});
        if (i === 0) process.stdout.write("ready\\n");
        await new Promise((r) => setImmediate(r));
      }
    `;
      for (const delay of [20, 60, 110, 170, 240, 330]) {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "ignore"] });
        const exited = new Promise<[number | null, string | null]>((r) => child.once("exit", (c, s) => r([c, s])));
        let code: number | null;
        let sig: string | null;
        try {
          await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
          await new Promise((r) => setTimeout(r, delay));
          child.kill(signal);
          const stopped = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 10_000))]);
          if (!stopped) throw new Error(`the child ignored ${signal}`);
          [code, sig] = stopped;
        } finally {
          // Never leave a writer behind, whatever failed above.
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        }
        expect(sig ?? code, `delay ${delay}`).toBe(signal); // it still dies of the signal
        expect(
          readdirSync(join(out, "..")).filter((f) => f.endsWith(".tmp")),
          `delay ${delay}`,
        ).toEqual([]);
        if (existsSync(out)) expect(readFileSync(out).length).toBe(8_000_001);
      }
      rmSync(join(out, ".."), { recursive: true, force: true });
    },
    60_000,
  );
});

describe("standard output that fails", () => {
  it("a closed pipe (imr audit | head) ends quietly: no stack trace, not the disagreement code", async () => {
    const child = spawn(process.execPath, [BUILT_CLI, "audit"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before imr writes
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("a full disk (/dev/full) is output_error with exit 2", () => {
    if (!existsSync("/dev/full")) return;
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BUILT_CLI}" audit > /dev/full`], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("output_error: cannot write to standard output (ENOSPC)");
    expect(r.stderr).not.toMatch(NO_STACK);
  });
});
