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
//! An earlier version kept a binary heap below 256 pending events and switched to the
//! calendar queue above; on the hold model (`cargo bench --bench engine`) that heap mode
//! was slower than both the plain heap and the plain calendar queue at 10 and 50 pending
//! events, so the calendar queue now serves every size.
//!
//! Both parts pop in exact `(time, order)` order, so the lane never changes which event
//! comes next: results do not depend on it.

use std::collections::VecDeque;

use super::event::{Event, EventQueue, SimTime};
use super::queue::CalendarQueue;

/// The engine's pending event set: a [`CalendarQueue`], its earliest event taken out ahead
/// into `front`, and a lane of events at the time of the last pop.
#[derive(Clone, Debug)]
pub struct LaneQueue<K> {
    calendar: CalendarQueue<K>,
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
                self.calendar.push(f);
            }
            Some(_) => self.calendar.push(event),
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
            self.front = self.calendar.pop();
            e
        };
        if let Some(e) = &event {
            self.now = e.time;
        }
        event
    }

    #[inline]
    fn len(&self) -> usize {
        self.lane.len() + usize::from(self.front.is_some()) + self.calendar.len()
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
