// Sequential rounds of requests: how many round trips a visitor waits for, at least, however
// fast the network. Computed from when each request was issued and when its response had
// fully arrived (Chromium's own timestamps, page and workers on one clock).

/**
 * The length of the longest chain of requests in which each was issued after the previous
 * one's response had finished arriving: a request that could not be asked before another
 * answer came is one round later than it. Requests issued together (before any of them
 * finished) are one round, however many connections they queue for or however the browser
 * spaces them; a request issued after a response of the same set finished is a round later,
 * whether or not it needed that answer (the timestamps cannot tell; an engine that waits
 * without need pays the round trip all the same).
 * @param {{start: number, end: number}[]} requests issue and end times, one clock
 * @returns {number} 0 for no requests
 */
export function rounds(requests) {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const depth = [];
  let longest = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    let before = 0;
    for (let j = 0; j < i; j += 1) {
      if (sorted[j].end <= sorted[i].start) before = Math.max(before, depth[j]);
    }
    depth[i] = before + 1;
    longest = Math.max(longest, depth[i]);
  }
  return longest;
}
