// A list of JSON values that an audit must keep until its end (findings made as cases go by,
// records a check reads back at the end), held as JSON text: in memory up to a budget, then in a
// temporary file, so what an audit keeps stays flat however large the corpus. Every value goes
// through JSON both ways, whether it stays in memory or not, so what is read back is the same.
// The file is unlinked as soon as it is open (where the system allows), so nothing is left behind
// by a run that stops early; otherwise dispose() removes it.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** JSON text held in memory per list before it moves to a temporary file. */
export const SPILL_MEMORY_BYTES = 4 << 20;
/** Writes and reads go this many bytes at a time. */
const BLOCK = 1 << 20;

export interface SpillOptions {
  /** Bytes of JSON text held in memory before the list moves to a file (tests set it low). */
  memoryBytes?: number;
}

export class SpillList<T> {
  private readonly budget: number;
  /** In memory: the values' JSON text. */
  private texts: string[] | undefined = [];
  private textBytes = 0;
  /** In the file: where each value starts (byte offset); one more entry than values (the end). */
  private offsets: number[] = [0];
  private fd: number | undefined;
  private dir: string | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  /** The last block read (its first `blockBytes` bytes, from `blockStart`), for sequential reads. */
  private block = Buffer.alloc(0);
  private blockStart = 0;
  private blockBytes = 0;
  private count = 0;

  constructor(o: SpillOptions = {}) {
    this.budget = o.memoryBytes ?? SPILL_MEMORY_BYTES;
  }

  get length(): number {
    return this.count;
  }

  /** Whether the list has moved to its temporary file. */
  get spilled(): boolean {
    return this.fd !== undefined;
  }

  /** Appends a value; returns its index. */
  push(value: T): number {
    const text = JSON.stringify(value);
    if (this.texts) {
      this.texts.push(text);
      this.textBytes += text.length;
      if (this.textBytes > this.budget) this.moveToFile();
    } else this.append(text);
    return this.count++;
  }

  /** The value at `index`. */
  get(index: number): T {
    if (index < 0 || index >= this.count) throw new RangeError(`no value ${index} in a list of ${this.count}`);
    if (this.texts) return JSON.parse(this.texts[index]!) as T;
    this.flush();
    const start = this.offsets[index]!;
    const end = this.offsets[index + 1]!;
    if (start < this.blockStart || end > this.blockStart + this.blockBytes) this.readBlock(start, end - start);
    return JSON.parse(this.block.toString("utf8", start - this.blockStart, end - this.blockStart)) as T;
  }

  /** Every value, in order (the list may be read any number of times). */
  *values(): Generator<T> {
    for (let i = 0; i < this.count; i++) yield this.get(i);
  }

  /** Removes the temporary file; the list is empty afterwards. */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
    this.texts = [];
    this.textBytes = 0;
    this.offsets = [0];
    this.pending = [];
    this.pendingBytes = 0;
    this.block = Buffer.alloc(0);
    this.blockStart = 0;
    this.blockBytes = 0;
    this.count = 0;
  }

  private moveToFile(): void {
    const dir = mkdtempSync(join(tmpdir(), "imr-spill-"));
    const file = join(dir, "values.json");
    this.fd = openSync(file, "w+", 0o600);
    try {
      unlinkSync(file);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      this.dir = dir; // a system that cannot remove an open file: removed by dispose()
    }
    const texts = this.texts!;
    this.texts = undefined;
    this.textBytes = 0;
    for (const t of texts) this.append(t);
  }

  private append(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.offsets.push(this.offsets.at(-1)! + bytes);
    this.pending.push(text);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= BLOCK) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const data = Buffer.from(this.pending.join(""), "utf8");
    const at = this.offsets.at(-1)! - data.length;
    for (let off = 0; off < data.length; ) off += writeSync(this.fd!, data, off, data.length - off, at + off);
    this.pending = [];
    this.pendingBytes = 0;
  }

  private readBlock(start: number, length: number): void {
    const size = Math.max(BLOCK, length);
    if (this.block.length < size) this.block = Buffer.allocUnsafe(size);
    let got = 0;
    for (;;) {
      const n = readSync(this.fd!, this.block, got, size - got, start + got);
      got += n;
      if (n === 0 || got >= size) break;
    }
    if (got < length) throw new Error(`a spilled list's file is shorter than what was written to it (${got} of ${length} bytes at ${start})`);
    this.blockStart = start;
    this.blockBytes = got;
  }
}

export interface SortedSpillOptions extends SpillOptions {
  /** Values sorted in memory at a time; each full batch becomes a sorted run in a temporary file. */
  runLength?: number;
}

/**
 * Values to be read back sorted, as many as an audit may give (a warning per case file of a
 * year of letters): sorted in memory up to `runLength` at a time, each full batch kept as a sorted
 * run (a SpillList), and the runs merged as they are read. The sort is stable: values that compare
 * equal come back in the order they were pushed.
 */
export class SortedSpill<T> {
  private readonly runLength: number;
  private batch: T[] = [];
  private readonly runs: SpillList<T>[] = [];
  private count = 0;

  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly o: SortedSpillOptions = {},
  ) {
    this.runLength = o.runLength ?? 10_000;
  }

  get length(): number {
    return this.count;
  }

  push(value: T): void {
    this.count++;
    this.batch.push(value);
    if (this.batch.length >= this.runLength) {
      // A run is written whole once: it goes to its file at once rather than through memory.
      const run = new SpillList<T>({ memoryBytes: this.o.memoryBytes ?? 0 });
      for (const v of this.stableSorted(this.batch)) run.push(v);
      this.runs.push(run);
      this.batch = [];
    }
  }

  /** Every value, sorted (may be read any number of times). */
  *sorted(): Generator<T> {
    const last = this.stableSorted(this.batch).map((v) => JSON.parse(JSON.stringify(v)) as T);
    if (this.runs.length === 0) {
      yield* last;
      return;
    }
    // Runs in the order they were filled, the batch last: on a tie the earlier run goes first.
    const sources = [
      ...this.runs.map((r) => ({ at: 0, length: r.length, get: (i: number) => r.get(i) })),
      { at: 0, length: last.length, get: (i: number) => last[i]! },
    ];
    const heads = sources.map((s) => (s.length > 0 ? s.get(0) : undefined));
    for (;;) {
      let best = -1;
      for (let k = 0; k < sources.length; k++) {
        if (heads[k] === undefined) continue;
        if (best < 0 || this.compare(heads[k]!, heads[best]!) < 0) best = k;
      }
      if (best < 0) return;
      yield heads[best]!;
      const s = sources[best]!;
      s.at++;
      heads[best] = s.at < s.length ? s.get(s.at) : undefined;
    }
  }

  dispose(): void {
    for (const r of this.runs) r.dispose();
    this.runs.length = 0;
    this.batch = [];
    this.count = 0;
  }

  private stableSorted(list: readonly T[]): T[] {
    return [...list].sort(this.compare); // Array.prototype.sort is stable
  }
}
