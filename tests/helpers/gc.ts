// Garbage collection on demand inside a vitest worker (no --expose-gc needed): V8's flag is
// set at run time and a fresh context exposes gc(). FinalizationRegistry callbacks run as
// tasks after a collection, so each round yields to the event loop.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Full collections, each followed by a turn of the event loop, until `done()` or `rounds` of them. */
export async function collectGarbage(done: () => boolean = () => false, rounds = 20): Promise<void> {
  for (let k = 0; k < rounds && !done(); k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
