//! [`HybridQueue`]: a binary heap while few events are pending, a calendar queue beyond.
//!
//! On the hold model (`benches/engine.rs`) the calendar queue with its deferral ring was
//! slower than a binary heap with tens of pending events and faster from about a
//! thousand on (the heap falls 10× behind at a million). A simulation's pending set moves
//! across that range (site-10k holds about 50 events, site-100k thousands), so this queue
//! switches representation as its size crosses thresholds, with a 4:1 hysteresis so that
//! a size hovering near a threshold does not migrate back and forth: each migration moves
//! `n` events, and at least `3n/4` operations separate two of them, so migrations cost
//! O(1) amortised. Since the calendar queue stopped deferring pushes while small, the
//! bench has shown it level with or ahead of the heap at 10 and 50 events too, and this
//! queue's heap mode behind both there: whether the heap mode still pays is open
//! (measure with `cargo bench --bench engine`).
//!
//! In calendar mode two small buffers sit in front of the calendar queue. Events scheduled
//! for the current instant (the time of the last pop: a model's "run the scheduler now" events)
//! go to a short sorted lane instead of the main queue, where they would be popped again
//! at once after a full push and pop; and the main queue's earliest event is taken out
//! ahead into `front`, so that a pop compares two keys and refills `front`.
//!
//! Every part pops in exact `(time, order)` order and a pop takes the smaller of the lane's
//! and `front`'s keys, so neither the switch nor the buffers change which event comes
//! next: results do not depend on them.

use std::collections::VecDeque;

use super::event::{Event, EventQueue, SimTime};
use super::queue::{BinaryHeapQueue, CalendarQueue};

/// The queue becomes a calendar queue when it holds more than this many events.
///
/// From the hold-model crossover measured on a two-core machine (`cargo bench --bench
/// engine`) against the calendar queue that deferred every push: the heap was ahead at 50
/// events and about level at a few hundred.
pub const TO_CALENDAR: usize = 256;

/// The queue goes back to a heap when it holds fewer than this many events (a quarter of
/// [`TO_CALENDAR`]).
pub const TO_HEAP: usize = TO_CALENDAR / 4;

/// The engine's pending event set: a [`BinaryHeapQueue`] up to [`TO_CALENDAR`] events, a
/// [`CalendarQueue`] above, back to the heap below [`TO_HEAP`].
#[derive(Clone, Debug)]
pub struct HybridQueue<K> {
    heap: BinaryHeapQueue<K>,
    calendar: CalendarQueue<K>,
    /// Whether the main queue's events are in `calendar` (else in `heap`).
    large: bool,
    /// Events at time `now` pushed after it was reached, ascending by key.
    lane: VecDeque<Event<K>>,
    /// Time of the last pop.
    now: SimTime,
    /// The earliest event of the main queue, taken out ahead; `None` only when the main
    /// queue is empty too.
    front: Option<Event<K>>,
}

/// The full ordering key of an event.
#[inline(always)]
fn key<K>(e: &Event<K>) -> (SimTime, u64) {
    (e.time, e.order)
}

impl<K: Copy> Default for HybridQueue<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Copy> HybridQueue<K> {
    /// An empty queue (a heap).
    pub fn new() -> Self {
        HybridQueue {
            heap: BinaryHeapQueue::with_capacity(TO_CALENDAR + 1),
            calendar: CalendarQueue::new(),
            large: false,
            lane: VecDeque::new(),
            now: 0,
            front: None,
        }
    }

    /// Whether the events are held in the calendar queue now (diagnostics and tests).
    pub fn is_calendar(&self) -> bool {
        self.large
    }

    /// The time of the next event, without removing it.
    pub fn peek_time(&self) -> Option<SimTime> {
        if !self.large {
            return self.heap.peek_time();
        }
        match (self.lane.front(), &self.front) {
            (Some(a), Some(b)) => Some(a.time.min(b.time)),
            (a, b) => a.or(b.as_ref()).map(|e| e.time),
        }
    }

    /// Pushes in calendar mode: to the lane if the event is at the current instant, else
    /// to `front` or the calendar queue. Out of line, so that the heap path stays small
    /// where it is inlined (a call costs little next to a large queue's cache misses).
    #[inline(never)]
    fn large_push(&mut self, event: Event<K>) {
        if event.time == self.now && self.front.is_some() {
            // Usually the largest key of the lane (its sequence number is the newest).
            match self.lane.back() {
                Some(last) if key(last) > key(&event) => {
                    let pos = self.lane.partition_point(|e| key(e) < key(&event));
                    self.lane.insert(pos, event);
                }
                _ => self.lane.push_back(event),
            }
            return;
        }
        match self.front {
            None => self.front = Some(event),
            Some(f) if key(&event) < key(&f) => {
                self.front = Some(event);
                self.calendar.push(f);
            }
            Some(_) => self.calendar.push(event),
        }
    }

    /// Pops in calendar mode: the smaller of the lane's first event and `front`; back to
    /// the heap once the calendar queue holds fewer than [`TO_HEAP`] events.
    #[inline(never)]
    fn large_pop(&mut self) -> Option<Event<K>> {
        let from_lane = match (self.lane.front(), &self.front) {
            (Some(a), Some(b)) => key(a) < key(b),
            (Some(_), None) => true,
            (None, _) => false,
        };
        let event = if from_lane {
            self.lane.pop_front()
        } else {
            let e = self.front.take();
            self.front = self.calendar.pop();
            e
        };
        if let Some(e) = &event {
            self.now = e.time;
        }
        if self.calendar.len() < TO_HEAP {
            self.move_to_heap();
        }
        event
    }

    /// Moves every event from the heap to the calendar queue (in key order: appends) and
    /// takes the earliest out into `front`.
    #[cold]
    #[inline(never)]
    fn move_to_calendar(&mut self) {
        while let Some(e) = self.heap.pop() {
            self.calendar.push(e);
        }
        self.front = self.calendar.pop();
        if let Some(f) = &self.front {
            self.now = f.time;
        }
        self.large = true;
    }

    /// Moves every event (lane, `front` and calendar queue) back to the heap.
    #[cold]
    #[inline(never)]
    fn move_to_heap(&mut self) {
        for e in self.lane.drain(..).chain(self.front.take()) {
            self.heap.push(e);
        }
        while let Some(e) = self.calendar.pop() {
            self.heap.push(e);
        }
        self.large = false;
    }
}

impl<K: Copy> EventQueue<K> for HybridQueue<K> {
    #[inline]
    fn push(&mut self, event: Event<K>) {
        if self.large {
            self.large_push(event);
        } else {
            self.heap.push(event);
            if self.heap.len() > TO_CALENDAR {
                self.move_to_calendar();
            }
        }
    }

    #[inline]
    fn pop(&mut self) -> Option<Event<K>> {
        if self.large {
            self.large_pop()
        } else {
            self.heap.pop()
        }
    }

    #[inline]
    fn len(&self) -> usize {
        if self.large {
            self.lane.len() + usize::from(self.front.is_some()) + self.calendar.len()
        } else {
            self.heap.len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Random pushes and pops that take the size across both thresholds several times;
    /// every pop must match the reference heap's.
    #[test]
    fn matches_the_heap_across_switches() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut hq = HybridQueue::new();
        let mut reference = BinaryHeapQueue::new();
        let (mut seq, mut now) = (0u64, 0u64);
        let mut switches = 0;
        let mut was_large = false;
        for round in 0..8 {
            // Grow well past TO_CALENDAR, then shrink well below TO_HEAP.
            let push_prob = if round % 2 == 0 { 0.7 } else { 0.3 };
            for _ in 0..6 * TO_CALENDAR {
                if rng.random_bool(push_prob) {
                    let t = now + rng.random_range(0..5_000);
                    let e = Event::new(t, rng.random_range(0..3u8), seq, seq);
                    seq += 1;
                    hq.push(e);
                    reference.push(e);
                } else {
                    let (a, b) = (hq.pop(), reference.pop());
                    assert_eq!(a, b);
                    if let Some(e) = a {
                        now = e.time;
                    }
                }
                assert_eq!(hq.len(), reference.len());
                assert_eq!(hq.peek_time(), reference.peek_time());
                if hq.is_calendar() != was_large {
                    switches += 1;
                    was_large = hq.is_calendar();
                }
            }
        }
        assert!(switches >= 4, "only {switches} switches");
        while let Some(e) = reference.pop() {
            assert_eq!(hq.pop(), Some(e));
        }
        assert_eq!(hq.pop(), None);
    }

    /// Events pushed at the current instant, with any rank, come out in key order among
    /// the main queue's events at that instant.
    #[test]
    fn events_at_the_current_instant_keep_their_order() {
        let mut q = HybridQueue::new();
        let mut reference = BinaryHeapQueue::new();
        let mut seq = 0;
        let mut push = |q: &mut HybridQueue<u64>, r: &mut BinaryHeapQueue<u64>, t, rank| {
            let e = Event::new(t, rank, seq, seq);
            seq += 1;
            q.push(e);
            r.push(e);
        };
        // Enough later events for the calendar mode, where the lane is used.
        for t in 0..2 * TO_CALENDAR as u64 {
            push(&mut q, &mut reference, 1_000 + t, 1);
        }
        for t in [5, 5, 5, 9, 9, 20] {
            push(&mut q, &mut reference, t, 1);
        }
        assert!(q.is_calendar());
        for step in 0..40 {
            assert!(q.is_calendar());
            let (a, b) = (q.pop(), reference.pop());
            assert_eq!(a, b);
            let Some(e) = a else { break };
            // At the current instant: ranks below, equal to and above the popped one.
            if step < 12 {
                push(&mut q, &mut reference, e.time, (step % 3) as u8);
            }
            assert_eq!(q.len(), reference.len());
            assert_eq!(q.peek_time(), reference.peek_time());
        }
        while let Some(e) = reference.pop() {
            assert_eq!(q.pop(), Some(e));
        }
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn switches_with_hysteresis() {
        let mut q = HybridQueue::new();
        // In calendar mode one event waits in `front`, the rest in the calendar queue.
        for i in 0..=TO_CALENDAR as u64 + 1 {
            q.push(Event::new(i + 1, 0, i, ()));
        }
        assert!(q.is_calendar());
        // Down to TO_HEAP events in the main queue: still a calendar; one fewer: a heap.
        while q.len() > TO_HEAP + 1 {
            q.pop();
            assert!(q.is_calendar());
        }
        q.pop();
        assert!(!q.is_calendar());
        assert_eq!(q.len(), TO_HEAP);
    }
}
