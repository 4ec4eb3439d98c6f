// Progress of a long run on stderr: only on a terminal, never when piped, in CI or with --quiet,
// so logs and reports stay clean. One line, rewritten in place at most ten times a second.
export interface Progress {
  start(total: number): void;
  tick(): void;
  done(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function createProgress(
  label: string,
  opts: { quiet?: boolean; stream?: ProgressStream; env?: NodeJS.ProcessEnv; now?: () => number } = {},
): Progress | undefined {
  const stream = opts.stream ?? process.stderr;
  const env = opts.env ?? process.env;
  if (opts.quiet || !stream.isTTY || env.CI) return undefined;
  const now = opts.now ?? Date.now;
  let total = 0;
  let n = 0;
  let last = 0;
  let shown = false;
  const draw = () => {
    // Without a total (NDJSON input: cases are lines, counted as read) only the count is shown.
    stream.write(total ? `\r${label}: ${n}/${total} case files (${Math.floor((100 * n) / total)}%)` : `\r${label}: ${n} cases`);
    shown = true;
  };
  return {
    start(t) {
      total = t;
    },
    tick() {
      n++;
      const t = now();
      if (t - last >= 100 || n === total) {
        last = t;
        draw();
      }
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
