//! The Wasm engine's memory allocator: a free list per power-of-two size class, fed by a bump
//! pointer over memory grown from the host. It replaces the standard library's dlmalloc,
//! which costs about 8 kB of code in the module (README, "Wasm size"); this one is under 1 kB.
//!
//! Why it is enough here: the engine runs alone in a worker (one thread), and its
//! allocations are vectors that double as they grow, which power-of-two classes fit, and
//! loaded files that live as long as the session. What it gives up: a freed block is only
//! reused for its own class (no splitting, no merging), so the memory held is the sum of
//! each class's peak, not the peak of all; and a block of n bytes takes up to 2n. Fresh pages
//! are not touched until used, so that rounding costs address space more than memory.

use core::alloc::Layout;
use core::ptr;

/// The smallest block, 16 bytes: room for the free list's link, and a multiple of every
/// alignment the engine's types need.
const MIN_CLASS: u32 = 4;
/// Blocks up to 2^31 bytes, the most a 32-bit memory can hold in one piece.
const CLASSES: usize = 32;
const PAGE: usize = 65_536;

/// The size classes, their free lists and the bump region. Memory comes from `grow(pages)`,
/// which returns the address of `pages` new pages of 64 KiB (contiguous with the previous
/// ones when nothing else grew the memory), or `None` when the host refuses.
pub(crate) struct Heap {
    free: [*mut u8; CLASSES],
    bump: usize,
    end: usize,
    grow: fn(usize) -> Option<usize>,
}

/// The class of a layout: the log2 of its block size, or `None` past the largest (or for an
/// alignment past a page, which nothing in the engine asks for).
fn class_of(layout: Layout) -> Option<usize> {
    if layout.align() > PAGE {
        return None;
    }
    let size = layout.size().max(layout.align());
    let class = size
        .checked_next_power_of_two()?
        .trailing_zeros()
        .max(MIN_CLASS) as usize;
    (class < CLASSES).then_some(class)
}

impl Heap {
    pub(crate) const fn new(grow: fn(usize) -> Option<usize>) -> Heap {
        Heap {
            free: [ptr::null_mut(); CLASSES],
            bump: 0,
            end: 0,
            grow,
        }
    }

    /// A block for `layout`, or null when the memory cannot grow.
    ///
    /// # Safety
    /// As `GlobalAlloc::alloc`: `layout` has a non-zero size.
    pub(crate) unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return ptr::null_mut();
        };
        let head = self.free[class];
        if !head.is_null() {
            // SAFETY: a free block's first word holds the next free block of its class.
            self.free[class] = unsafe { head.cast::<*mut u8>().read() };
            return head;
        }
        // Every block is aligned to its size (up to a page), so a block that was freed fits
        // any layout of its class; the gap that alignment skips goes to the free lists.
        let size = 1usize << class;
        let align = size.min(PAGE);
        // Near the top of a 4 GiB memory the sums overflow: then there is no room.
        let start = self.bump.saturating_add(align - 1) & !(align - 1);
        if start.checked_add(size).is_none_or(|end| end > self.end) {
            let pages = (size + align).div_ceil(PAGE);
            let Some(at) = (self.grow)(pages) else {
                return ptr::null_mut();
            };
            if at != self.end {
                // Not contiguous (the first growth): what was left goes to the free lists.
                self.give(self.bump, self.end);
                self.bump = at;
            }
            self.end = at.saturating_add(pages * PAGE);
            // SAFETY: as this function's contract; the region now has room for the block.
            return unsafe { self.alloc(layout) };
        }
        self.give(self.bump, start);
        self.bump = start + size;
        start as *mut u8
    }

    /// Puts the memory from `from` to `to` (multiples of 16) on the free lists, cut into the
    /// largest blocks that are aligned to their size.
    fn give(&mut self, mut from: usize, to: usize) {
        while from < to {
            let mut class = from.trailing_zeros().min(PAGE.trailing_zeros()) as usize;
            while from + (1 << class) > to {
                class -= 1;
            }
            // SAFETY: the block is unused memory of this heap, at least 16 bytes.
            unsafe { (from as *mut *mut u8).write(self.free[class]) };
            self.free[class] = from as *mut u8;
            from += 1 << class;
        }
    }

    /// Frees a block that `alloc` returned for `layout`.
    ///
    /// # Safety
    /// As `GlobalAlloc::dealloc`.
    pub(crate) unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        if let Some(class) = class_of(layout) {
            // SAFETY: the block is at least 16 bytes, aligned, and ours again.
            unsafe { block.cast::<*mut u8>().write(self.free[class]) };
            self.free[class] = block;
        }
    }

    /// Resizes a block: in place when the new size falls in the same class.
    ///
    /// # Safety
    /// As `GlobalAlloc::realloc`.
    pub(crate) unsafe fn realloc(
        &mut self,
        block: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: `GlobalAlloc::realloc`'s contract makes this layout valid.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class_of(new).is_some() && class_of(new) == class_of(layout) {
            return block;
        }
        // SAFETY: as this function's contract.
        let moved = unsafe { self.alloc(new) };
        if !moved.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap.
            unsafe {
                ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        moved
    }
}

#[cfg(target_arch = "wasm32")]
mod global {
    use super::Heap;
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    fn grow(pages: usize) -> Option<usize> {
        let before = core::arch::wasm32::memory_grow(0, pages);
        (before != usize::MAX).then_some(before * super::PAGE)
    }

    struct Global(UnsafeCell<Heap>);

    // SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
    #[cfg(not(target_feature = "atomics"))]
    unsafe impl Sync for Global {}

    #[global_allocator]
    static HEAP: Global = Global(UnsafeCell::new(Heap::new(grow)));

    // SAFETY: one thread, and no call re-enters the allocator, so each `&mut` is alone.
    unsafe impl GlobalAlloc for Global {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).alloc(layout) }
        }
        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            unsafe { (*self.0.get()).dealloc(block, layout) }
        }
        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            unsafe { (*self.0.get()).realloc(block, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    // The arena of the tests' heaps: 256 MiB of pages handed out in order, as a Wasm memory
    // grows; one per test thread.
    const ARENA_PAGES: usize = 4096;
    thread_local! {
        static ARENA: (usize, Cell<usize>) = {
            let memory = vec![0u8; (ARENA_PAGES + 1) * PAGE].leak();
            let base = (memory.as_mut_ptr() as usize).div_ceil(PAGE) * PAGE;
            (base, Cell::new(0))
        };
    }

    fn grow(pages: usize) -> Option<usize> {
        ARENA.with(|(base, used)| {
            let at = used.get();
            (at + pages <= ARENA_PAGES).then(|| {
                used.set(at + pages);
                base + at * PAGE
            })
        })
    }

    fn pages_used() -> usize {
        ARENA.with(|(_, used)| used.get())
    }

    // A small deterministic generator (xorshift), so that failures repeat.
    struct Random(u64);
    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    struct Block {
        at: *mut u8,
        layout: Layout,
        fill: u8,
    }

    fn filled(heap: &mut Heap, size: usize, align: usize, fill: u8) -> Block {
        let layout = Layout::from_size_align(size, align).unwrap();
        let at = unsafe { heap.alloc(layout) };
        assert!(!at.is_null(), "out of memory for {size} bytes");
        assert_eq!(at as usize % align, 0, "{size} bytes aligned to {align}");
        unsafe { ptr::write_bytes(at, fill, size) };
        Block { at, layout, fill }
    }

    fn intact(block: &Block) -> bool {
        let bytes = unsafe { std::slice::from_raw_parts(block.at, block.layout.size()) };
        bytes.iter().all(|&b| b == block.fill)
    }

    /// Random sizes (mostly small, some of several pages), alignments, frees and
    /// reallocations: no live block ever overwrites another, contents survive a realloc,
    /// and running the same work again takes no more memory (freed blocks are reused).
    #[test]
    fn blocks_stay_apart_and_freed_ones_are_reused() {
        let mut heap = Heap::new(grow);
        let mut after_first_round = 0;
        for round in 0..3 {
            let mut random = Random(0x1234_5678_9abc_def1);
            let mut live: Vec<Block> = Vec::new();
            for step in 0..20_000u32 {
                let fill = (step % 251) as u8;
                match random.below(10) {
                    0..=3 => {
                        let size = match random.below(20) {
                            0 => 1 + random.below(300_000) as usize,
                            1..=4 => 1 + random.below(5_000) as usize,
                            _ => 1 + random.below(100) as usize,
                        };
                        let align = 1 << random.below(8);
                        live.push(filled(&mut heap, size, align, fill));
                    }
                    4..=7 if !live.is_empty() => {
                        let block = live.swap_remove(random.below(live.len() as u64) as usize);
                        assert!(intact(&block), "a block was overwritten before its free");
                        unsafe { heap.dealloc(block.at, block.layout) };
                    }
                    8..=9 if !live.is_empty() => {
                        let i = random.below(live.len() as u64) as usize;
                        let block = &mut live[i];
                        assert!(intact(block), "a block was overwritten before its realloc");
                        let new_size = 1 + random.below(block.layout.size() as u64 * 3) as usize;
                        let at = unsafe { heap.realloc(block.at, block.layout, new_size) };
                        assert!(!at.is_null());
                        let kept = block.layout.size().min(new_size);
                        let bytes = unsafe { std::slice::from_raw_parts(at, kept) };
                        assert!(bytes.iter().all(|&b| b == block.fill), "realloc lost bytes");
                        block.at = at;
                        block.layout =
                            Layout::from_size_align(new_size, block.layout.align()).unwrap();
                        unsafe { ptr::write_bytes(at, block.fill, new_size) };
                    }
                    _ => {}
                }
                if step % 1_000 == 0 {
                    assert!(live.iter().all(intact), "a live block was overwritten");
                }
            }
            assert!(live.iter().all(intact), "a live block was overwritten");
            for block in live {
                unsafe { heap.dealloc(block.at, block.layout) };
            }
            if round == 0 {
                after_first_round = pages_used();
            } else {
                assert_eq!(
                    pages_used(),
                    after_first_round,
                    "the same work again took more memory"
                );
            }
        }
    }

    #[test]
    fn sizes_in_one_class_reallocate_in_place() {
        let mut heap = Heap::new(grow);
        let block = filled(&mut heap, 100, 8, 7);
        let same = unsafe { heap.realloc(block.at, block.layout, 128) };
        assert_eq!(same, block.at);
        let moved = unsafe { heap.realloc(same, Layout::from_size_align(128, 8).unwrap(), 129) };
        assert_ne!(moved, block.at);
        let bytes = unsafe { std::slice::from_raw_parts(moved, 100) };
        assert!(bytes.iter().all(|&b| b == 7));
    }

    #[test]
    fn a_refused_growth_is_a_null_block_not_a_crash() {
        fn refuse(_: usize) -> Option<usize> {
            None
        }
        let mut heap = Heap::new(refuse);
        let layout = Layout::from_size_align(10, 1).unwrap();
        assert!(unsafe { heap.alloc(layout) }.is_null());
        let too_big = Layout::from_size_align((1 << (CLASSES - 1)) + 1, 1).unwrap();
        assert!(unsafe { heap.alloc(too_big) }.is_null());
    }
}
