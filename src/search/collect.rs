//! Top-k collection and sorting, written small on purpose: the standard library's sorts are
//! fast but large, and every instance of them grows the Wasm module by kilobytes.

use std::cmp::Ordering;

/// Sorts `items` in place by `compare` (heap sort: O(n log n), not stable; give the
/// comparator a tie-break when order matters).
pub fn sort_by<T>(items: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    heap_sort(&mut Items { items, compare });
}

/// The `k` first items in `compare` order, sorted: a bounded max-heap holds the best `k`
/// seen so far, so the cost is O(n log k) and the memory O(k).
pub fn top_k<T>(
    items: impl IntoIterator<Item = T>,
    k: usize,
    compare: &mut dyn FnMut(&T, &T) -> Ordering,
) -> Vec<T> {
    let mut heap: Vec<T> = Vec::with_capacity(k.min(1024));
    if k == 0 {
        return heap;
    }
    for item in items {
        if heap.len() < k {
            heap.push(item);
            let end = heap.len();
            sift_up(
                &mut Items {
                    items: &mut heap,
                    compare,
                },
                end - 1,
            );
        } else if compare(&item, &heap[0]) == Ordering::Less {
            heap[0] = item;
            let end = heap.len();
            sift_down(
                &mut Items {
                    items: &mut heap,
                    compare,
                },
                0,
                end,
            );
        }
    }
    sort_by(&mut heap, compare);
    heap
}

/// A slice seen by the heap operations through its indices only, so that they are compiled
/// once for every item type (each instance of a generic heap sort costs the Wasm module
/// about 0.2 kB).
trait Heap {
    fn len(&self) -> usize;
    /// Item `i` orders before item `j`.
    fn less(&mut self, i: usize, j: usize) -> bool;
    fn swap(&mut self, i: usize, j: usize);
}

struct Items<'a, T> {
    items: &'a mut [T],
    compare: &'a mut dyn FnMut(&T, &T) -> Ordering,
}

impl<T> Heap for Items<'_, T> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn less(&mut self, i: usize, j: usize) -> bool {
        (self.compare)(&self.items[i], &self.items[j]) == Ordering::Less
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.items.swap(i, j);
    }
}

fn heap_sort(items: &mut dyn Heap) {
    let len = items.len();
    for start in (0..len / 2).rev() {
        sift_down(items, start, len);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

/// Restores the max-heap property of `items[..end]` below `root`.
fn sift_down(items: &mut dyn Heap, mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && items.less(child, child + 1) {
            child += 1;
        }
        if !items.less(root, child) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}

/// Moves item `at` up to its place in the max-heap above it: the heap's root is the worst of
/// the kept items.
fn sift_up(items: &mut dyn Heap, mut at: usize) {
    while at > 0 {
        let parent = (at - 1) / 2;
        if !items.less(parent, at) {
            break;
        }
        items.swap(parent, at);
        at = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(seed: u64, n: usize) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % 1000
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_library() {
        for n in [0, 1, 2, 3, 10, 257, 2000] {
            let mut ours = numbers(n as u64 + 1, n);
            let mut std = ours.clone();
            sort_by(&mut ours, &mut |a, b| a.cmp(b));
            std.sort();
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn top_k_keeps_the_best_in_order() {
        let items = numbers(7, 5000);
        for k in [0, 1, 10, 100, 6000] {
            let ours = top_k(items.iter().copied(), k, &mut |a, b| b.cmp(a));
            let mut std = items.clone();
            std.sort_by(|a, b| b.cmp(a));
            std.truncate(k);
            assert_eq!(ours, std, "k = {k}");
        }
    }
}
