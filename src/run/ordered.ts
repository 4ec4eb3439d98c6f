// Maps an async source through an async function with up to `window` calls in flight, yielding
// the results in source order. The window bounds memory: at most `window` inputs and outputs are
// held at once, whatever the length of the source and however out of order the calls finish.
export async function* orderedMap<T, R>(source: AsyncIterable<T>, run: (input: T) => Promise<R>, window: number): AsyncGenerator<R> {
  const it = source[Symbol.asyncIterator]();
  const queue: Promise<R>[] = [];
  let done = false;
  try {
    for (;;) {
      while (!done && queue.length < window) {
        const next = await it.next();
        if (next.done) done = true;
        else {
          const p = run(next.value);
          p.catch(() => undefined); // rejections surface when the result's turn comes
          queue.push(p);
        }
      }
      const head = queue.shift();
      if (!head) return;
      yield await head;
    }
  } finally {
    if (!done) await it.return?.();
  }
}
