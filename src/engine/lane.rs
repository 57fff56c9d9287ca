//! [`LaneQueue`]: the engine's pending event set, a calendar queue with a lane in front for
//! events at the current instant.
//!
//! A model often schedules events for the very second it is handling (a "run the
//! scheduler now" event after an arrival). Pushed into the calendar queue, such an event
//! would be popped again at once after a full push and pop; here it goes to a short
//! sorted lane instead. The calendar queue's earliest event is kept out ahead in `front`,
//! so that a pop compares the lane's first key with `front`'s and refills `front`, without
//! a second search of the calendar queue.
//!
//! Behind `front`, a few pending events are kept in a small sorted array instead of the
//! calendar queue: up to [`SMALL_MAX`] events, latest first, so the next one is popped
//! from the end and a new one is put in place by moving the events it precedes up by one
//! (insertion sort's inner loop). With
//! so few events that beats the calendar queue's bucket walk and bookkeeping, and the
//! binary heap's sift down and up (hold model, `cargo bench --bench engine`, at 10 and 50
//! pending events; see docs/performance.md). Above [`SMALL_MAX`] the events move into the
//! calendar queue, and back into the array when it falls below [`SMALL_MIN`]; the gap
//! between the two makes each move cost at most one operation per event in between.
//! (An earlier version kept a binary heap below 256 pending events; that was slower than
//! both the plain heap and the plain calendar queue at 10 and 50 pending events.)
//!
//! Every part pops in exact `(time, order)` order, so neither the lane nor the array
//! changes which event comes next: results do not depend on them.

use std::collections::VecDeque;

use super::event::{Event, EventQueue, SimTime};
use super::queue::CalendarQueue;

/// Most events behind `front` kept in the sorted array; one more moves them all into the
/// calendar queue.
pub const SMALL_MAX: usize = 32;

/// Fewest events the calendar queue keeps behind `front`; one fewer moves them back into
/// the sorted array.
pub const SMALL_MIN: usize = 8;

/// The engine's pending event set: a [`CalendarQueue`] (or, with few events, a sorted
/// array), its earliest event taken out ahead into `front`, and a lane of events at the
/// time of the last pop.
#[derive(Clone, Debug)]
pub struct LaneQueue<K> {
    calendar: CalendarQueue<K>,
    /// While `in_small`: the events behind `front`, in descending key order (the next one
    /// last); the calendar queue is then empty.
    small: Vec<Event<K>>,
    /// Whether the events behind `front` are in `small` rather than in `calendar`.
    in_small: bool,
    /// Events at time `now` pushed after it was reached, ascending by key.
    lane: VecDeque<Event<K>>,
    /// Time of the last pop.
    now: SimTime,
    /// The earliest event not in the lane, taken out of the calendar queue ahead, so that
    /// a pop compares two keys and refills it; `None` only when the calendar queue is
    /// empty too.
    front: Option<Event<K>>,
}

/// The full ordering key of an event.
#[inline(always)]
fn key<K>(e: &Event<K>) -> (SimTime, u64) {
    (e.time, e.order)
}

/// The full ordering key packed into one integer, so that one comparison orders two
/// events (the binary search of the sorted array).
#[inline(always)]
fn wide_key<K>(e: &Event<K>) -> u128 {
    (u128::from(e.time) << 64) | u128::from(e.order)
}

impl<K: Copy> Default for LaneQueue<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Copy> LaneQueue<K> {
    /// An empty queue.
    pub fn new() -> Self {
        LaneQueue {
            calendar: CalendarQueue::new(),
            small: Vec::with_capacity(SMALL_MAX + 1),
            in_small: true,
            lane: VecDeque::new(),
            now: 0,
            front: None,
        }
    }

    /// The time of the next event, without removing it.
    pub fn peek_time(&self) -> Option<SimTime> {
        match (self.lane.front(), &self.front) {
            (Some(a), Some(b)) => Some(a.time.min(b.time)),
            (a, b) => a.or(b.as_ref()).map(|e| e.time),
        }
    }

    /// The ordering key `(time, order)` of the next event, without removing it.
    #[inline]
    pub fn peek_key(&self) -> Option<(SimTime, u64)> {
        match (self.lane.front(), &self.front) {
            (Some(a), Some(b)) => Some(key(a).min(key(b))),
            (a, b) => a.or(b.as_ref()).map(key),
        }
    }

    /// Events waiting in the lane (diagnostics and tests).
    pub fn lane_len(&self) -> usize {
        self.lane.len()
    }

    /// Whether the events behind the earliest are in the small sorted array (diagnostics
    /// and tests).
    pub fn is_small(&self) -> bool {
        self.in_small
    }

    /// Adds an event that is not the earliest to the events behind `front`.
    #[inline]
    fn push_rest(&mut self, event: Event<K>) {
        if !self.in_small {
            self.calendar.push(event);
            return;
        }
        // Descending order: shift the events with smaller keys (at the end) one place up
        // and put the event before them (keys are unique). A displaced `front` is smaller
        // than all and stays last; a later event moves as many as it is later than.
        let k = wide_key(&event);
        self.small.push(event);
        let mut i = self.small.len() - 1;
        while i > 0 && wide_key(&self.small[i - 1]) < k {
            self.small[i] = self.small[i - 1];
            i -= 1;
        }
        self.small[i] = event;
        if self.small.len() > SMALL_MAX {
            self.move_to_calendar();
        }
    }

    /// Removes the earliest of the events behind `front`.
    #[inline]
    fn pop_rest(&mut self) -> Option<Event<K>> {
        if self.in_small {
            return self.small.pop();
        }
        let e = self.calendar.pop();
        if self.calendar.len() < SMALL_MIN {
            self.move_to_small();
        }
        e
    }

    /// Moves the sorted array's events into the calendar queue.
    #[cold]
    #[inline(never)]
    fn move_to_calendar(&mut self) {
        for e in self.small.drain(..).rev() {
            self.calendar.push(e);
        }
        self.in_small = false;
    }

    /// Moves the calendar queue's events into the sorted array.
    #[cold]
    #[inline(never)]
    fn move_to_small(&mut self) {
        debug_assert!(self.small.is_empty());
        while let Some(e) = self.calendar.pop() {
            self.small.push(e);
        }
        self.small.reverse();
        self.in_small = true;
    }

    /// Inserts an event at the current instant into the lane, keeping it sorted (usually an
    /// append: the newest sequence number is the largest).
    #[inline(never)]
    fn push_lane(&mut self, event: Event<K>) {
        match self.lane.back() {
            Some(last) if key(last) > key(&event) => {
                let pos = self.lane.partition_point(|e| key(e) < key(&event));
                self.lane.insert(pos, event);
            }
            _ => self.lane.push_back(event),
        }
    }
}

impl<K: Copy> EventQueue<K> for LaneQueue<K> {
    #[inline]
    fn push(&mut self, event: Event<K>) {
        match self.front {
            Some(_) if event.time == self.now => self.push_lane(event),
            None => self.front = Some(event),
            Some(f) if key(&event) < key(&f) => {
                self.front = Some(event);
                self.push_rest(f);
            }
            Some(_) => self.push_rest(event),
        }
    }

    #[inline]
    fn pop(&mut self) -> Option<Event<K>> {
        let from_lane = match (self.lane.front(), &self.front) {
            (None, _) => false,
            (Some(a), Some(b)) => key(a) < key(b),
            (Some(_), None) => true,
        };
        let event = if from_lane {
            self.lane.pop_front()
        } else {
            let e = self.front.take();
            self.front = self.pop_rest();
            e
        };
        if let Some(e) = &event {
            self.now = e.time;
        }
        event
    }

    #[inline]
    fn len(&self) -> usize {
        self.lane.len() + usize::from(self.front.is_some()) + self.small.len() + self.calendar.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::queue::BinaryHeapQueue;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Random pushes and pops, many at the current instant and with any rank, with the size
    /// growing and shrinking; every pop must match the reference heap's.
    #[test]
    fn matches_the_heap() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut q = LaneQueue::new();
        let mut reference = BinaryHeapQueue::new();
        let (mut seq, mut now) = (0u64, 0u64);
        let mut lane_used = 0;
        for round in 0..8 {
            let push_prob = if round % 2 == 0 { 0.7 } else { 0.3 };
            for _ in 0..2_000 {
                if rng.random_bool(push_prob) {
                    let t = if rng.random_bool(0.3) {
                        now
                    } else {
                        now + rng.random_range(0..5_000)
                    };
                    let e = Event::new(t, rng.random_range(0..3u8), seq, seq);
                    seq += 1;
                    q.push(e);
                    reference.push(e);
                    lane_used += usize::from(q.lane_len() > 0);
                } else {
                    let (a, b) = (q.pop(), reference.pop());
                    assert_eq!(a, b);
                    if let Some(e) = a {
                        now = e.time;
                    }
                }
                assert_eq!(q.len(), reference.len());
                assert_eq!(q.peek_time(), reference.peek_time());
            }
        }
        assert!(lane_used > 1_000, "lane used only {lane_used} times");
        while let Some(e) = reference.pop() {
            assert_eq!(q.pop(), Some(e));
        }
        assert_eq!(q.pop(), None);
    }

    /// Sizes that cross [`SMALL_MAX`] and [`SMALL_MIN`] many times, with pushes earlier
    /// and later than every pending event: the order stays the heap's through every move
    /// between the sorted array and the calendar queue.
    #[test]
    fn moves_between_the_sorted_array_and_the_calendar_keep_the_order() {
        let mut rng = ChaCha8Rng::seed_from_u64(29);
        let mut q = LaneQueue::new();
        let mut reference = BinaryHeapQueue::new();
        let (mut seq, mut now) = (0u64, 0u64);
        let (mut move_to_calendar, mut move_to_small, mut was_small) = (0, 0, q.is_small());
        for round in 0..60 {
            // Grow to about 3 × SMALL_MAX, then shrink to a few events.
            let push_prob = if round % 2 == 0 { 0.75 } else { 0.25 };
            for _ in 0..4 * SMALL_MAX {
                if rng.random_bool(push_prob) {
                    let t = match rng.random_range(0..4) {
                        0 => now,
                        1 => now + rng.random_range(0..3),
                        _ => now + rng.random_range(0..1_000_000),
                    };
                    let e = Event::new(t, rng.random_range(0..3u8), seq, seq);
                    seq += 1;
                    q.push(e);
                    reference.push(e);
                } else {
                    let (a, b) = (q.pop(), reference.pop());
                    assert_eq!(a, b);
                    if let Some(e) = a {
                        now = e.time;
                    }
                }
                assert_eq!(q.len(), reference.len());
                assert_eq!(q.peek_time(), reference.peek_time());
                if q.is_small() != was_small {
                    if was_small {
                        move_to_calendar += 1;
                    } else {
                        move_to_small += 1;
                    }
                    was_small = q.is_small();
                }
            }
        }
        assert!(
            move_to_calendar >= 10 && move_to_small >= 10,
            "{move_to_calendar} {move_to_small}"
        );
        while let Some(e) = reference.pop() {
            assert_eq!(q.pop(), Some(e));
        }
        assert_eq!(q.pop(), None);
    }

    /// Events pushed at the current instant, with any rank, come out in key order among
    /// the calendar queue's events at that instant.
    #[test]
    fn events_at_the_current_instant_keep_their_order() {
        let mut q = LaneQueue::new();
        let mut reference = BinaryHeapQueue::new();
        let mut seq = 0;
        let mut push = |q: &mut LaneQueue<u64>, r: &mut BinaryHeapQueue<u64>, t, rank| {
            let e = Event::new(t, rank, seq, seq);
            seq += 1;
            q.push(e);
            r.push(e);
        };
        for t in 0..500 {
            push(&mut q, &mut reference, 1_000 + t, 1);
        }
        for t in [5, 5, 5, 9, 9, 20] {
            push(&mut q, &mut reference, t, 1);
        }
        let mut lane_used = false;
        for step in 0..40 {
            let (a, b) = (q.pop(), reference.pop());
            assert_eq!(a, b);
            let Some(e) = a else { break };
            // At the current instant: ranks below, equal to and above the popped one.
            if step < 12 {
                push(&mut q, &mut reference, e.time, (step % 3) as u8);
                lane_used |= q.lane_len() > 0;
            }
            assert_eq!(q.len(), reference.len());
            assert_eq!(q.peek_time(), reference.peek_time());
        }
        assert!(lane_used);
        while let Some(e) = reference.pop() {
            assert_eq!(q.pop(), Some(e));
        }
        assert_eq!(q.pop(), None);
    }
}
