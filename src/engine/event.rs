//! Events and their total order.
//!
//! An event is a small `Copy` value: its time, an ordering word that packs the kind's
//! rank and a sequence number, and a kind chosen by the model (usually a small enum of
//! ids into slabs, never a boxed payload: boxing costs 20–30% of queue throughput, see
//! DESIGN §7).

/// Simulated time: whole seconds since the scenario's start instant.
///
/// Integer time makes ordering exact and results reproducible on every platform.
pub type SimTime = u64;

/// Seconds in one hour; hourly inputs are piecewise constant over these.
pub const SECONDS_PER_HOUR: u64 = 3_600;

/// Number of low bits of [`Event::order`] that hold the sequence number.
pub const SEQ_BITS: u32 = 56;

/// Largest sequence number an ordering word can hold (2^56 − 1, about 7.2e16 events).
pub const MAX_SEQ: u64 = (1 << SEQ_BITS) - 1;

/// A scheduled event.
///
/// Events are ordered by `(time, rank, seq)`: at equal times the lower rank goes first
/// (e.g. job completions free resources before the scheduler runs), and at equal time and
/// rank the one scheduled first goes first. Ties never depend on queue internals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event<K> {
    /// When the event happens.
    pub time: SimTime,
    /// `rank << 56 | seq`: the tie-breaking part of the key, see [`Event::new`].
    pub order: u64,
    /// What happens; defined by the model.
    pub kind: K,
}

impl<K> Event<K> {
    /// Builds an event with the given rank (0 first) and sequence number.
    ///
    /// `seq` must not exceed [`MAX_SEQ`]; the engine hands out sequence numbers.
    #[inline]
    pub fn new(time: SimTime, rank: u8, seq: u64, kind: K) -> Self {
        debug_assert!(seq <= MAX_SEQ, "sequence number overflow");
        Event {
            time,
            order: (u64::from(rank) << SEQ_BITS) | seq,
            kind,
        }
    }

    /// The full ordering key `(time, rank << 56 | seq)`: smaller keys happen first.
    #[inline]
    pub fn key(&self) -> (SimTime, u64) {
        (self.time, self.order)
    }

    /// The rank this event was scheduled with.
    #[inline]
    pub fn rank(&self) -> u8 {
        (self.order >> SEQ_BITS) as u8
    }

    /// The sequence number this event was scheduled with.
    #[inline]
    pub fn seq(&self) -> u64 {
        self.order & MAX_SEQ
    }
}

/// A priority queue of events, smallest key first.
///
/// Implementations must pop events in exactly increasing `(time, order)` order, whatever
/// the order of pushes; keys are unique because sequence numbers are.
pub trait EventQueue<K: Copy> {
    /// Adds an event.
    fn push(&mut self, event: Event<K>);
    /// Removes and returns the event with the smallest key.
    fn pop(&mut self) -> Option<Event<K>>;
    /// Number of pending events.
    fn len(&self) -> usize;
    /// True when no event is pending.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_orders_by_time_then_rank_then_seq() {
        let a = Event::new(5, 1, 10, ());
        let b = Event::new(5, 0, 99, ());
        let c = Event::new(4, 7, 1_000, ());
        let d = Event::new(5, 1, 11, ());
        let mut keys = [a.key(), b.key(), c.key(), d.key()];
        keys.sort();
        assert_eq!(keys, [c.key(), b.key(), a.key(), d.key()]);
        assert_eq!(a.rank(), 1);
        assert_eq!(a.seq(), 10);
        assert_eq!(Event::new(0, 255, MAX_SEQ, ()).rank(), 255);
        assert_eq!(Event::new(0, 255, MAX_SEQ, ()).seq(), MAX_SEQ);
    }
}
