// A minimal version of Angular's signals (the seed's OwnerStateService uses them): signal(), computed(), effect().
// Effects re-run once per microtask however many signals they read changed, so a burst of events renders once.

let running = null;

/** A value that effects depend on when they read it: read with s(), write with s.set(v) or s.update(fn). */
export function signal(initial) {
  let value = initial;
  const readers = new Set();
  const read = () => {
    if (running) {
      readers.add(running);
      running.sources.add(readers);
    }
    return value;
  };
  read.set = (next) => {
    if (Object.is(next, value)) {
      return;
    }
    value = next;
    for (const reader of [...readers]) {
      reader.schedule();
    }
  };
  read.update = (fn) => read.set(fn(value));
  read.peek = () => value;
  return read;
}

/** Runs fn now and again whenever a signal it read changes; returns a function that stops it. */
export function effect(fn) {
  const node = {
    sources: new Set(),
    scheduled: false,
    disposed: false,
    run() {
      for (const source of node.sources) {
        source.delete(node);
      }
      node.sources.clear();
      const previous = running;
      running = node;
      try {
        fn();
      } finally {
        running = previous;
      }
    },
    schedule() {
      if (node.scheduled || node.disposed) {
        return;
      }
      node.scheduled = true;
      queueMicrotask(() => {
        node.scheduled = false;
        if (!node.disposed) {
          node.run();
        }
      });
    },
  };
  node.run();
  return () => {
    node.disposed = true;
    for (const source of node.sources) {
      source.delete(node);
    }
    node.sources.clear();
  };
}

/** A read-only signal derived from others, recomputed when they change. */
export function computed(fn) {
  const result = signal(undefined);
  effect(() => result.set(fn()));
  return () => result();
}
