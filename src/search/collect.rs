//! Top-k collection and sorting, written small on purpose: the standard library's sorts are
//! fast but large, and every instance of them grows the Wasm module by kilobytes.

use std::cmp::Ordering;

/// Sorts `items` in place by `compare` (heap sort: O(n log n), not stable; give the
/// comparator a tie-break when order matters).
pub fn sort_by<T>(items: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    for start in (0..items.len() / 2).rev() {
        sift_down(items, start, items.len(), compare);
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, compare);
    }
}

/// Restores the max-heap property of `items[..end]` below `root`.
fn sift_down<T>(
    items: &mut [T],
    mut root: usize,
    end: usize,
    compare: &mut dyn FnMut(&T, &T) -> Ordering,
) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && compare(&items[child], &items[child + 1]) == Ordering::Less {
            child += 1;
        }
        if compare(&items[root], &items[child]) != Ordering::Less {
            return;
        }
        items.swap(root, child);
        root = child;
    }
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
            // Sift up: the heap's root is the worst of the kept items.
            let mut at = heap.len() - 1;
            while at > 0 {
                let parent = (at - 1) / 2;
                if compare(&heap[parent], &heap[at]) != Ordering::Less {
                    break;
                }
                heap.swap(parent, at);
                at = parent;
            }
        } else if compare(&item, &heap[0]) == Ordering::Less {
            heap[0] = item;
            let len = heap.len();
            sift_down(&mut heap, 0, len, compare);
        }
    }
    sort_by(&mut heap, compare);
    heap
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
