//! Event queues: [`CalendarQueue`], the engine's, and [`BinaryHeapQueue`], a baseline.
//!
//! A discrete-event simulation spends much of its time in the pending event set: every
//! event is pushed once and popped once, and the set can hold millions of events. A binary
//! heap does both in O(log n), with a cache miss on most of the log n levels once the heap
//! outgrows the caches. A calendar queue (Brown, R. (1988) "Calendar queues: a fast O(1)
//! priority queue implementation for the simulation event set problem", *Communications of
//! the ACM* 31(10), 1220–1227) hashes events by time into an array of buckets like days of
//! a year, and dequeues by walking the days in order; with a bucket width matched to the
//! spacing of the events it does both operations in O(1) expected time, touching one or
//! two cache lines each. `benches/engine.rs` compares the two on the classic hold model:
//! on a two-core machine the calendar queue did about 38, 38 and 12–16 million hold
//! operations per second with 1e3, 1e5 and 1e6 pending events, against 21–26, 10 and 2–5
//! million for the binary heap.
//!
//! The calendar queue's one `unsafe` block is a cache prefetch hint (x86_64 only).

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

use super::event::{Event, EventQueue, SimTime};

/// The full ordering key `(time, order)` packed into one integer, so one comparison orders
/// two events.
#[inline(always)]
fn key<K>(e: &Event<K>) -> u128 {
    (u128::from(e.time) << 64) | u128::from(e.order)
}

/// Fewest buckets a calendar queue keeps (a power of two).
const MIN_BUCKETS: usize = 4;

/// Events a bucket holds in place before it spills into a separate deque.
///
/// Keeping the few events of a typical bucket inside the bucket array makes a push touch
/// one or two cache lines and lets a pop walk memory sequentially.
const INLINE: usize = 3;

/// `Bucket::spill` of a bucket whose events are all inline.
const NO_SPILL: u32 = u32::MAX;

/// Pushes wait in a FIFO of this many events before going into their bucket.
///
/// A push into a large calendar is one cache miss to a random bucket. Inserting at once
/// would stall on it; instead the push prefetches the bucket and the event is inserted
/// this many pushes later, when the line has arrived, so the misses of successive pushes
/// overlap. Pops look at the FIFO as well, so the order is unaffected.
const DEFER: usize = 16;

/// Pushes are deferred only while the bucket array has at least this many buckets (2.5 MB
/// of buckets of 80 bytes: beyond a typical L2 cache). Below, a bucket is most likely in
/// cache already, and deferring only adds work: on site-100k (a few thousand pending
/// events) finding and removing the earliest deferred event was 9–14% of the run.
const DEFER_MIN_BUCKETS: usize = 1 << 15;

/// The bucket array doubles when there are more than this many events per bucket, and
/// halves below a quarter of it (Brown's 4:1 hysteresis, which keeps resizing amortised
/// O(1)). Brown used 2; 1 keeps most buckets within [`INLINE`].
const EVENTS_PER_BUCKET: usize = 1;

/// How many of the earliest events the width estimate looks at.
const WIDTH_SAMPLE: usize = 32;

/// Bucket width in units of the estimated spacing between consecutive early events,
/// rounded to a power of two. Brown used 3; with about one event per bucket a width
/// near the spacing spreads events most evenly over the buckets, which keeps them inline.
const WIDTH_FACTOR: f64 = 1.0;

/// Average work per operation (buckets skipped on pop, events moved on push) above which
/// a calendar queue re-estimates its width without changing its bucket count.
const COST_LIMIT: u64 = 8;

/// Largest factor by which an unhelpful width re-estimate stretches the next check window.
const MAX_BACKOFF: u64 = 1 << 16;

/// One "day" of the calendar: its events in ascending key order, either in place or, when
/// there are more than [`INLINE`], in a spill deque.
#[derive(Clone, Copy, Debug)]
struct Bucket<K> {
    /// Number of live inline events; 0 while spilled.
    len: u32,
    /// Index of the spill deque in `CalendarQueue::spills`, or [`NO_SPILL`].
    spill: u32,
    /// `slots[..len]` are the bucket's events while it has not spilled; the other slots
    /// hold stale copies of past events (never read), which avoids `unsafe` for
    /// uninitialised slots.
    slots: [Event<K>; INLINE],
}

impl<K: Copy> Bucket<K> {
    /// An empty bucket whose unused slots hold copies of `filler`.
    fn empty(filler: Event<K>) -> Self {
        Bucket {
            len: 0,
            spill: NO_SPILL,
            slots: [filler; INLINE],
        }
    }
}

/// Asks the CPU to start loading the cache line at `p`; a hint with no other effect.
#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` only hints the cache and never faults; it needs SSE, which
    // every x86_64 CPU has.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((p as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A calendar queue (Brown 1988): the engine's pending event set, O(1) expected per
/// operation.
///
/// Events are hashed by time into `2^k` buckets of width `2^shift` seconds: the event at
/// time `t` lies in the *virtual bucket* `t >> shift` and is stored in bucket
/// `(t >> shift) & (buckets - 1)`, so one bucket holds the events of one "day" of every
/// "year". Powers of two make both a shift and a mask, and keep every quantity within
/// `u64` even for times near [`u64::MAX`]. Each bucket keeps its events sorted by the full
/// key `(time, order)`, so events at equal times come out exactly by rank and sequence
/// number. A bucket holds up to three events in place and spills into a [`VecDeque`]
/// beyond that; a newly scheduled event usually has the largest key in its bucket and is
/// appended in O(1), and the next event is always at the front of its bucket.
///
/// `pop` walks the buckets from the current virtual bucket and takes the first front
/// event that belongs to the virtual bucket being looked at; after a whole year of empty
/// days it falls back to a direct search of all bucket fronts (O(buckets)). A push earlier
/// than the current position (allowed, if unusual) moves the position back to it.
///
/// Two departures from Brown make it fast once the buckets outgrow the caches, where a
/// push costs one cache miss to a random bucket: a bucket keeps up to three events inside
/// the bucket array (spilling to a deque beyond that), so a push touches one place and a
/// pop walks memory in order; and the last 16 pushes wait in a small FIFO while their
/// buckets are prefetched, so successive misses overlap instead of stalling one after
/// another (only once there are 2^15 buckets: below, buckets are in
/// cache and deferring only costs). `pop` takes the smaller of the calendar's next event
/// and the FIFO's, so the order is exact either way.
///
/// The bucket count doubles or halves as the number of events crosses 1 or 1/4 events per
/// bucket, and each resize re-estimates the width from the spacing of the earliest events
/// (Brown's estimate: the mean gap among the earliest events, recomputed without gaps over
/// twice that mean, rounded to a power of two). Because a width chosen at one size can go
/// stale while the size stays put (for instance when every event starts at time 0 and
/// spreads out later), the queue also counts its work per operation and re-estimates the
/// width when that average gets too high, backing off when re-estimating does not help;
/// this bounds pathological inputs (huge gaps, all events at one time) to amortised O(1)
/// or O(buckets)-per-year costs rather than quadratic ones. The one case that stays slow
/// is many events at a single time pushed in random sequence order, where insertion into
/// the one busy bucket is linear; sequence numbers normally increase, so those pushes are
/// appends.
///
/// Memory: `8 + 3 * size_of::<Event<K>>()` bytes per bucket (80 for 24-byte events), with
/// 1 to 4 buckets per pending event, so about 84 MB for a million events; the bucket array
/// is released as the queue shrinks, down to what [`CalendarQueue::with_capacity`]
/// reserved.
#[derive(Clone, Debug)]
pub struct CalendarQueue<K> {
    /// The buckets ("days"); length a power of two, or 0 before the first push (a bucket
    /// needs some event to fill its unused slots with).
    buckets: Vec<Bucket<K>>,
    /// Spill deques of buckets with more than [`INLINE`] events, each sorted ascending.
    spills: Vec<VecDeque<Event<K>>>,
    /// Indices of unused deques in `spills`.
    free_spills: Vec<u32>,
    /// Ring buffer of recent pushes not yet in their buckets: `deferred_len` events from
    /// `deferred_head` on, oldest first. Length [`DEFER`] once initialised (the other
    /// slots hold stale copies, like a bucket's).
    deferred: Vec<Event<K>>,
    /// Index of the oldest deferred event.
    deferred_head: usize,
    /// Number of deferred events.
    deferred_len: usize,
    /// Smallest key in `deferred`, or `u128::MAX` if it is empty.
    deferred_min: u128,
    /// Bucket array capacity reserved by `with_capacity`, kept when shrinking.
    reserved: usize,
    /// `buckets.len() - 1`.
    mask: usize,
    /// log2 of the bucket width in seconds.
    shift: u32,
    /// The current virtual bucket: no event in the buckets has `time >> shift` below it.
    cur: u64,
    /// Number of pending events, deferred ones included.
    len: usize,
    /// Number of events in the buckets.
    in_buckets: usize,
    /// Resize up when `len` exceeds this.
    grow_at: usize,
    /// Resize down when `len` falls below this.
    shrink_at: usize,
    /// Work (buckets skipped, events moved) since the last check.
    cost: u64,
    /// Operations since the last check.
    ops: u64,
    /// Operations between checks of `cost`.
    window: u64,
    /// Stretch factor of `window` after re-estimates that left the width unchanged.
    backoff: u64,
    /// Pushes are deferred from this many buckets on ([`DEFER_MIN_BUCKETS`]; 0 in tests
    /// that exercise the deferral ring on small queues).
    defer_min_buckets: usize,
}

impl<K: Copy> Default for CalendarQueue<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Copy> CalendarQueue<K> {
    /// An empty queue; it sizes itself as it fills.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty queue whose bucket array has room for `n` pending events.
    ///
    /// Only memory is reserved: the bucket count itself still follows the number of
    /// pending events, because the width estimate needs events to look at.
    pub fn with_capacity(n: usize) -> Self {
        let reserved = (n / EVENTS_PER_BUCKET).next_power_of_two();
        CalendarQueue {
            buckets: Vec::with_capacity(reserved),
            reserved,
            spills: Vec::new(),
            free_spills: Vec::new(),
            deferred: Vec::new(),
            deferred_head: 0,
            deferred_len: 0,
            deferred_min: u128::MAX,
            mask: 0,
            shift: 0,
            cur: 0,
            len: 0,
            in_buckets: 0,
            grow_at: 0,
            shrink_at: 0,
            cost: 0,
            ops: 0,
            window: 0,
            backoff: 1,
            defer_min_buckets: DEFER_MIN_BUCKETS,
        }
    }

    /// An empty queue that defers pushes whatever its size (tests of the deferral ring).
    #[cfg(test)]
    fn always_deferring() -> Self {
        CalendarQueue {
            defer_min_buckets: 0,
            ..Self::new()
        }
    }

    /// The time of the next event, without removing it.
    ///
    /// Usually O(1); costs up to O(buckets) when the next event is more than a year of
    /// buckets ahead of the current position (the same walk a `pop` would do, repeated on
    /// each call since `&self` cannot record where it ended).
    pub fn peek_time(&self) -> Option<SimTime> {
        if self.len == 0 {
            return None;
        }
        let limit = self.deferred_limit();
        let from_buckets = match self.find(limit) {
            Found::At(vb, _) => self.front((vb as usize) & self.mask).map(key),
            Found::Beyond(_) => None,
        };
        let k = from_buckets.map_or(self.deferred_min, |k| k.min(self.deferred_min));
        Some((k >> 64) as SimTime)
    }

    /// Number of buckets (a power of two); exposed for diagnostics and tests.
    pub fn bucket_count(&self) -> usize {
        self.buckets.len()
    }

    /// Width of a bucket in seconds (a power of two); exposed for diagnostics and tests.
    pub fn bucket_width(&self) -> u64 {
        1u64 << self.shift
    }

    /// The earliest event of bucket `idx`.
    #[inline(always)]
    fn front(&self, idx: usize) -> Option<&Event<K>> {
        let b = &self.buckets[idx];
        if b.len > 0 {
            Some(&b.slots[0])
        } else if b.spill != NO_SPILL {
            self.spills[b.spill as usize].front()
        } else {
            None
        }
    }

    /// The event with the smallest key among all bucket fronts, by a direct O(buckets)
    /// search.
    fn min_front(&self) -> Option<&Event<K>> {
        (0..self.buckets.len())
            .filter_map(|i| self.front(i))
            .min_by_key(|e| key(*e))
    }

    /// The virtual bucket of the earliest deferred event (`u64::MAX` if none): the bucket
    /// walk need not look past it.
    #[inline(always)]
    fn deferred_limit(&self) -> u64 {
        if self.deferred_min == u128::MAX {
            u64::MAX
        } else {
            ((self.deferred_min >> 64) as u64) >> self.shift
        }
    }

    /// Walks the buckets from the current position for the earliest bucketed event, up to
    /// virtual bucket `limit`; also returns the number of buckets skipped.
    #[inline(always)]
    fn find(&self, limit: u64) -> Found {
        if self.in_buckets == 0 {
            return Found::Beyond(0);
        }
        let mut vb = self.cur;
        let mut skipped: u64 = 0;
        loop {
            if let Some(front) = self.front((vb as usize) & self.mask)
                && front.time >> self.shift == vb
            {
                return Found::At(vb, skipped);
            }
            if vb >= limit {
                return Found::Beyond(skipped);
            }
            skipped += 1;
            if skipped > self.mask as u64 {
                // A whole year without an event of that year: search all fronts directly.
                let e = self.min_front().expect("buckets hold an event");
                return Found::At(e.time >> self.shift, skipped + self.buckets.len() as u64);
            }
            // No overflow: `vb < limit <= u64::MAX`.
            vb += 1;
        }
    }

    /// Inserts `event` into its bucket in key order; returns the number of events moved
    /// in a spill deque (the work measure).
    #[inline(always)]
    fn insert(&mut self, event: Event<K>) -> u64 {
        let vb = event.time >> self.shift;
        if vb < self.cur || self.in_buckets == 0 {
            // Earlier than the current position (or no events bucketed): restart there.
            self.cur = vb;
        }
        self.in_buckets += 1;
        let b = &mut self.buckets[(vb as usize) & self.mask];
        let k = key(&event);
        if b.spill == NO_SPILL {
            let n = b.len as usize;
            if n < INLINE {
                // Branch-free on the bucket's contents, so that a late cache line stalls
                // only this insertion and not the work after it.
                let mut pos = 0;
                for j in 0..INLINE {
                    pos += usize::from((j < n) & (key(&b.slots[j]) < k));
                }
                for j in (1..INLINE).rev() {
                    let src = if j > pos { j - 1 } else { j };
                    b.slots[j] = b.slots[src];
                }
                b.slots[pos] = event;
                b.len += 1;
                return 0;
            }
            let s = match self.free_spills.pop() {
                Some(s) => s,
                None => {
                    let s = u32::try_from(self.spills.len()).expect("too many spilled buckets");
                    self.spills.push(VecDeque::new());
                    s
                }
            };
            self.spills[s as usize].extend(b.slots);
            b.len = 0;
            b.spill = s;
        }
        let d = &mut self.spills[b.spill as usize];
        match d.back() {
            Some(last) if key(last) > k => {
                let pos = d.partition_point(|e| key(e) < k);
                let moved = (d.len() - pos).min(pos) as u64;
                d.insert(pos, event);
                moved
            }
            _ => {
                d.push_back(event);
                0
            }
        }
    }

    /// Removes the earliest event of bucket `idx`, which must not be empty.
    #[inline(always)]
    fn remove_front(&mut self, idx: usize) -> Event<K> {
        self.in_buckets -= 1;
        let b = &mut self.buckets[idx];
        if b.len > 0 {
            let e = b.slots[0];
            for i in 1..INLINE {
                b.slots[i - 1] = b.slots[i];
            }
            b.len -= 1;
            return e;
        }
        let s = b.spill as usize;
        let d = &mut self.spills[s];
        let e = d.pop_front().expect("pop from an empty bucket");
        if d.len() < INLINE {
            // Back in place: copy the few events left and recycle the deque.
            for (slot, x) in b.slots.iter_mut().zip(d.drain(..)) {
                *slot = x;
                b.len += 1;
            }
            if d.capacity() > 64 {
                *d = VecDeque::new();
            }
            b.spill = NO_SPILL;
            self.free_spills.push(s as u32);
        }
        e
    }

    /// The `i`-th oldest deferred event.
    #[inline(always)]
    fn deferred_at(&self, i: usize) -> &Event<K> {
        &self.deferred[(self.deferred_head + i) % DEFER]
    }

    /// Smallest key among the deferred events, `u128::MAX` if none.
    fn deferred_scan_min(&self) -> u128 {
        (0..self.deferred_len)
            .map(|i| key(self.deferred_at(i)))
            .min()
            .unwrap_or(u128::MAX)
    }

    /// Removes the deferred event with the smallest key.
    fn pop_deferred(&mut self) -> Event<K> {
        let n = self.deferred_len;
        let i = (0..n)
            .position(|i| key(self.deferred_at(i)) == self.deferred_min)
            .expect("deferred_min is in deferred");
        let e = *self.deferred_at(i);
        for j in i..n - 1 {
            let next = *self.deferred_at(j + 1);
            self.deferred[(self.deferred_head + j) % DEFER] = next;
        }
        self.deferred_len -= 1;
        self.deferred_min = self.deferred_scan_min();
        e
    }

    /// Sets the resize thresholds and the check window for the current bucket count.
    fn set_thresholds(&mut self) {
        let nb = self.buckets.len();
        self.grow_at = nb * EVENTS_PER_BUCKET;
        self.shrink_at = if nb > MIN_BUCKETS {
            nb * EVENTS_PER_BUCKET / 4
        } else {
            0
        };
        self.reset_stats();
    }

    /// Starts a new window of work accounting.
    fn reset_stats(&mut self) {
        self.cost = 0;
        self.ops = 0;
        let base = self.len.max(self.buckets.len()).max(64) as u64;
        self.window = base.saturating_mul(self.backoff);
    }

    /// Called when `ops` reaches `window` or `cost` gets large: re-estimates the width if
    /// the average work per operation is too high.
    #[cold]
    fn check_cost(&mut self) {
        if self.cost > self.ops.saturating_mul(COST_LIMIT) {
            let old = self.shift;
            self.rebuild(self.buckets.len());
            // A re-estimate that changed nothing will not help next time either: wait
            // longer before trying again, so the rebuilds stay a small share of the work.
            self.backoff = if self.shift == old {
                (self.backoff * 2).min(MAX_BACKOFF)
            } else {
                1
            };
        }
        self.reset_stats();
    }

    /// Redistributes all events into `nb` buckets (a power of two) with a freshly
    /// estimated width. O(len + buckets), plus sorting any bucket that ends up out of
    /// order.
    #[cold]
    fn rebuild(&mut self, nb: usize) {
        debug_assert!(nb.is_power_of_two() && nb >= MIN_BUCKETS);
        let mut all: Vec<Event<K>> = Vec::with_capacity(self.len);
        all.extend((0..self.deferred_len).map(|i| *self.deferred_at(i)));
        self.deferred_len = 0;
        self.deferred_min = u128::MAX;
        for b in &self.buckets {
            all.extend_from_slice(&b.slots[..b.len as usize]);
            if b.spill != NO_SPILL {
                all.extend(self.spills[b.spill as usize].iter().copied());
            }
        }
        debug_assert_eq!(all.len(), self.len);
        let filler = match (all.first(), self.buckets.first()) {
            (Some(e), _) => *e,
            (None, Some(b)) => b.slots[0],
            (None, None) => return,
        };
        self.spills.clear();
        self.free_spills.clear();
        self.buckets.clear();
        if self.buckets.capacity() > 2 * nb.max(self.reserved) {
            self.buckets.shrink_to(nb.max(self.reserved));
        }
        self.buckets.resize(nb, Bucket::empty(filler));
        self.mask = nb - 1;
        self.in_buckets = all.len();
        if let Some(first) = estimate_shift(&mut all, &mut self.shift) {
            self.cur = first >> self.shift;
        }
        // Append in whatever order the events come, then sort the buckets that are out of
        // order: linear in practice, where inserting one by one could be quadratic in a
        // bucket holding many events.
        for e in all {
            let idx = ((e.time >> self.shift) as usize) & self.mask;
            let b = &mut self.buckets[idx];
            if b.spill == NO_SPILL && (b.len as usize) < INLINE {
                b.slots[b.len as usize] = e;
                b.len += 1;
                continue;
            }
            if b.spill == NO_SPILL {
                let s = u32::try_from(self.spills.len()).expect("too many spilled buckets");
                self.spills.push(VecDeque::from(b.slots.to_vec()));
                b.len = 0;
                b.spill = s;
            }
            self.spills[b.spill as usize].push_back(e);
        }
        for b in &mut self.buckets {
            b.slots[..b.len as usize].sort_unstable_by_key(|e| key(e));
        }
        for d in &mut self.spills {
            let s = d.make_contiguous();
            if !s.is_sorted_by_key(|e| key(e)) {
                s.sort_unstable_by_key(|e| key(e));
            }
        }
    }

    /// Resizes to `nb` buckets, resetting the adaptive back-off.
    #[cold]
    fn resize(&mut self, nb: usize) {
        self.rebuild(nb);
        self.backoff = 1;
        self.set_thresholds();
    }

    /// Creates the initial buckets and the deferral ring, filling their unused slots with
    /// copies of `filler`.
    #[cold]
    fn init(&mut self, filler: Event<K>) {
        self.deferred = vec![filler; DEFER];
        self.buckets.resize(MIN_BUCKETS, Bucket::empty(filler));
        self.mask = MIN_BUCKETS - 1;
        self.set_thresholds();
    }

    /// Bookkeeping after a push or pop: resize on crossing a threshold, otherwise check
    /// the work accounting at the end of a window.
    #[inline(always)]
    fn after_op(&mut self) {
        if self.len > self.grow_at {
            self.resize(self.buckets.len() * 2);
        } else if self.len < self.shrink_at {
            self.resize(self.buckets.len() / 2);
        } else if self.ops >= self.window || self.cost >= self.window.saturating_mul(COST_LIMIT) {
            self.check_cost();
        }
    }
}

/// Result of [`CalendarQueue::find`]; both variants carry the number of buckets skipped.
enum Found {
    /// The earliest bucketed event is at the front of this virtual bucket's bucket.
    At(u64, u64),
    /// No bucketed event up to the limit: the earliest is deferred.
    Beyond(u64),
}

/// Estimates the bucket shift from the earliest events of `all` (reordering it) and stores
/// it in `shift`; returns the earliest time, or `None` (shift unchanged) if `all` is empty.
///
/// Brown's estimate: the mean gap between consecutive events among the earliest few, then
/// the mean again over the gaps no larger than twice that (so one large gap does not
/// dominate), times [`WIDTH_FACTOR`], rounded to the nearest power of two. Looking at the
/// earliest events matters because those are the ones the queue is about to dequeue.
fn estimate_shift<K>(all: &mut [Event<K>], shift: &mut u32) -> Option<SimTime> {
    let k = all.len().min(WIDTH_SAMPLE);
    if k == 0 {
        return None;
    }
    if all.len() > k {
        all.select_nth_unstable_by_key(k - 1, |e| key(e));
    }
    let sample = &mut all[..k];
    sample.sort_unstable_by_key(|e| key(e));
    let first = sample[0].time;
    if k < 2 {
        return Some(first);
    }
    let span = sample[k - 1].time - first;
    let mean = span as f64 / (k - 1) as f64;
    let (mut sum, mut n) = (0.0f64, 0u32);
    for w in sample.windows(2) {
        let gap = (w[1].time - w[0].time) as f64;
        if gap <= 2.0 * mean {
            sum += gap;
            n += 1;
        }
    }
    let gap = if n > 0 { sum / f64::from(n) } else { mean };
    let width = WIDTH_FACTOR * gap;
    *shift = if width < 1.5 {
        0
    } else {
        (width.log2().round() as u32).min(63)
    };
    Some(first)
}

impl<K: Copy> EventQueue<K> for CalendarQueue<K> {
    #[inline]
    fn push(&mut self, event: Event<K>) {
        if self.buckets.is_empty() {
            self.init(event);
        }
        if self.buckets.len() < self.defer_min_buckets {
            // Small calendar: insert at once (a resize empties the deferral ring, so it is
            // empty here).
            debug_assert_eq!(self.deferred_len, 0);
            self.cost += self.insert(event);
            self.len += 1;
            self.ops += 1;
            self.after_op();
            return;
        }
        prefetch(&self.buckets[((event.time >> self.shift) as usize) & self.mask]);
        let k = key(&event);
        if self.deferred_len == DEFER {
            // Full: the oldest, whose bucket has had time to arrive in cache, makes room.
            let slot = self.deferred_head;
            let old = self.deferred[slot];
            self.deferred[slot] = event;
            self.deferred_head = (slot + 1) % DEFER;
            self.cost += self.insert(old);
            self.deferred_min = if key(&old) == self.deferred_min {
                self.deferred_scan_min()
            } else {
                self.deferred_min.min(k)
            };
        } else {
            let slot = (self.deferred_head + self.deferred_len) % DEFER;
            self.deferred[slot] = event;
            self.deferred_len += 1;
            self.deferred_min = self.deferred_min.min(k);
        }
        self.len += 1;
        self.ops += 1;
        self.after_op();
    }

    #[inline]
    fn pop(&mut self) -> Option<Event<K>> {
        if self.len == 0 {
            return None;
        }
        let limit = self.deferred_limit();
        let event = match self.find(limit) {
            Found::At(vb, skipped) => {
                self.cost += skipped;
                self.cur = vb;
                let idx = (vb as usize) & self.mask;
                let front = self.front(idx).map_or(u128::MAX, key);
                if self.deferred_min < front {
                    self.pop_deferred()
                } else {
                    self.remove_front(idx)
                }
            }
            Found::Beyond(skipped) => {
                debug_assert!(self.deferred_len > 0, "bucket walk ran past every event");
                self.cost += skipped;
                if self.in_buckets > 0 {
                    // Nothing bucketed up to `limit`: the walk may resume there.
                    self.cur = limit;
                }
                self.pop_deferred()
            }
        };
        self.len -= 1;
        self.ops += 1;
        self.after_op();
        Some(event)
    }

    #[inline]
    fn len(&self) -> usize {
        self.len
    }
}

/// Heap entry ordered by `Reverse((time, order))`, so [`BinaryHeap`] (a max-heap) yields the
/// smallest key first; the kind takes no part in the order.
#[derive(Clone, Copy, Debug)]
struct HeapEntry<K>(Event<K>);

impl<K> PartialEq for HeapEntry<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0.key() == other.0.key()
    }
}

impl<K> Eq for HeapEntry<K> {}

impl<K> PartialOrd for HeapEntry<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K> Ord for HeapEntry<K> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        Reverse(self.0.key()).cmp(&Reverse(other.0.key()))
    }
}

/// The baseline pending event set: a [`BinaryHeap`], O(log n) per operation.
///
/// Simple and obviously correct, so it serves as the reference in tests and the yardstick
/// in `benches/engine.rs`; [`CalendarQueue`] is faster on large event sets.
#[derive(Clone, Debug)]
pub struct BinaryHeapQueue<K> {
    heap: BinaryHeap<HeapEntry<K>>,
}

impl<K: Copy> Default for BinaryHeapQueue<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Copy> BinaryHeapQueue<K> {
    /// An empty queue.
    pub fn new() -> Self {
        BinaryHeapQueue {
            heap: BinaryHeap::new(),
        }
    }

    /// An empty queue with room for `n` events.
    pub fn with_capacity(n: usize) -> Self {
        BinaryHeapQueue {
            heap: BinaryHeap::with_capacity(n),
        }
    }

    /// The time of the next event, without removing it; O(1).
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.0.time)
    }
}

impl<K: Copy> EventQueue<K> for BinaryHeapQueue<K> {
    #[inline]
    fn push(&mut self, event: Event<K>) {
        self.heap.push(HeapEntry(event));
    }

    #[inline]
    fn pop(&mut self) -> Option<Event<K>> {
        self.heap.pop().map(|e| e.0)
    }

    #[inline]
    fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
