// A small deterministic generator (xorshift32) for the property tests, so that a failure
// replays from its seed: tests/js/range-reader.test.mjs and tests/browser/protocol.test.mjs.

/** @param {number} seed */
export function random(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)] };
}
