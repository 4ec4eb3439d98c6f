// One end-to-end audit for `npm run bench`, in its own process so its peak memory (RSS) is its
// own: runs `imr audit <args>` in-process with the report sent to /dev/null, then writes
// {"ms", "cpuMs", "maxRssMb"} as JSON to the file named by BENCH_RESULT.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { main } from "../src/cli/program.js";

const t0 = performance.now();
await main(["node", "imr", "audit", ...process.argv.slice(2)]);
const ms = performance.now() - t0;
// maxRSS is in kilobytes, for the whole process (worker threads included).
// CPU time (user + system, all threads) says what the run cost when the machine is shared.
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
writeFileSync(process.env.BENCH_RESULT!, JSON.stringify({ ms, cpuMs, maxRssMb: usage.maxRSS / 1024, exitCode: process.exitCode ?? 0 }));
