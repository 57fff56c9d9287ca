//! [`HybridQueue`]: a binary heap while few events are pending, a calendar queue beyond.
//!
//! Neither queue wins at every size. On the hold model (`benches/engine.rs`) a binary
//! heap is faster with tens of pending events, where it fits in a few cache lines and
//! its O(log n) is a handful of comparisons, while [`CalendarQueue`]'s constant per
//! operation (bucket walk, deferral ring) is larger; from about a thousand events on the
//! calendar queue wins, by 4–8× at a million. A simulation's pending set moves across
//! that range (site-10k holds about 50 events, site-100k a few hundred to thousands, a
//! million-GPU site tens of thousands), so the engine's queue switches representation as
//! its size crosses thresholds, with a 4:1 hysteresis so that a size hovering near a
//! threshold does not migrate back and forth: each migration moves `n` events, and at
//! least `3n/4` operations separate two of them, so migrations cost O(1) amortised.
//!
//! Both representations pop in exact `(time, order)` order, so the switch never changes
//! which event comes next: results do not depend on it.

use super::event::{Event, EventQueue, SimTime};
use super::queue::{BinaryHeapQueue, CalendarQueue};

/// The queue becomes a calendar queue when it holds more than this many events.
///
/// From the hold-model crossover measured on a two-core machine (`cargo bench --bench
/// engine`): the heap is ahead at 50 events and about level at a few hundred.
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
    /// Whether the events are in `calendar` (else in `heap`).
    large: bool,
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
        }
    }

    /// Whether the events are held in the calendar queue now (diagnostics and tests).
    pub fn is_calendar(&self) -> bool {
        self.large
    }

    /// The time of the next event, without removing it.
    pub fn peek_time(&self) -> Option<SimTime> {
        if self.large {
            self.calendar.peek_time()
        } else {
            self.heap.peek_time()
        }
    }

    /// Pushes onto the calendar queue; kept out of line so that the heap path stays small
    /// where it is inlined (a call costs little next to a large queue's cache misses).
    #[inline(never)]
    fn calendar_push(&mut self, event: Event<K>) {
        self.calendar.push(event);
    }

    /// Pops from the calendar queue, going back to the heap below [`TO_HEAP`] events.
    #[inline(never)]
    fn calendar_pop(&mut self) -> Option<Event<K>> {
        let e = self.calendar.pop();
        if self.calendar.len() < TO_HEAP {
            self.to_heap();
        }
        e
    }

    /// Moves every event from the heap to the calendar queue, in key order (appends).
    #[cold]
    #[inline(never)]
    fn to_calendar(&mut self) {
        while let Some(e) = self.heap.pop() {
            self.calendar.push(e);
        }
        self.large = true;
    }

    /// Moves every event from the calendar queue back to the heap.
    #[cold]
    #[inline(never)]
    fn to_heap(&mut self) {
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
            self.calendar_push(event);
        } else {
            self.heap.push(event);
            if self.heap.len() > TO_CALENDAR {
                self.to_calendar();
            }
        }
    }

    #[inline]
    fn pop(&mut self) -> Option<Event<K>> {
        if self.large {
            self.calendar_pop()
        } else {
            self.heap.pop()
        }
    }

    #[inline]
    fn len(&self) -> usize {
        if self.large {
            self.calendar.len()
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

    #[test]
    fn switches_with_hysteresis() {
        let mut q = HybridQueue::new();
        for i in 0..=TO_CALENDAR as u64 {
            q.push(Event::new(i, 0, i, ()));
        }
        assert!(q.is_calendar());
        // Down to TO_HEAP events: still a calendar; one fewer: a heap.
        while q.len() > TO_HEAP {
            q.pop();
            assert!(q.is_calendar() || q.len() < TO_HEAP);
        }
        assert!(q.is_calendar());
        q.pop();
        assert!(!q.is_calendar());
        assert_eq!(q.len(), TO_HEAP - 1);
    }
}
