// The seeded PRNG of the query sets: every run with the same seed asks the same questions.

/** The default seed of both query sets; `--seed` changes it, and reports print it. */
export const SEED = 0x5eed2025;

/**
 * mulberry32: a tiny, well-mixed 32-bit PRNG (Tommy Ettinger's constants), the usual choice
 * when a JavaScript benchmark must be reproducible in any other language.
 * @returns {() => number} uniform in [0, 1), 2^-32 steps
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform choice: one draw, `items[floor(draw * length)]`. */
export const pick = (random, items) => items[Math.floor(random() * items.length)];
