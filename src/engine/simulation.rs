//! The driver: a clock, a queue and the loop that hands each event to the model.

use super::event::{Event, EventQueue, MAX_SEQ, SimTime};
use super::lane::LaneQueue;

/// What a model may do while handling an event: read the clock and schedule events.
pub struct Scheduler<K: Copy> {
    now: SimTime,
    /// `Event::order` of the event being handled (0 before the first).
    current_order: u64,
    next_seq: u64,
    queue: LaneQueue<K>,
    /// Reserved events the model handled in place ([`Scheduler::take_reserved_now`]).
    taken_now: u64,
}

impl<K: Copy> Scheduler<K> {
    /// The current simulated time.
    #[inline]
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `kind` at absolute time `time` with tie-break `rank` (lower first).
    ///
    /// Times in the past are clamped to now: the engine never moves backwards.
    #[inline]
    pub fn schedule_at(&mut self, time: SimTime, rank: u8, kind: K) {
        let seq = self.next_seq;
        assert!(seq < MAX_SEQ, "more than 2^56 events scheduled");
        self.next_seq += 1;
        self.queue
            .push(Event::new(time.max(self.now), rank, seq, kind));
    }

    /// Schedules `kind` after `delay` seconds.
    #[inline]
    pub fn schedule_in(&mut self, delay: SimTime, rank: u8, kind: K) {
        self.schedule_at(self.now.saturating_add(delay), rank, kind);
    }

    /// Takes the sequence number the next scheduled event would get, at the current
    /// instant, without scheduling anything: a model that may need an event now, but only
    /// if something changes before the instant ends, reserves its place in the order and
    /// schedules it later with [`Scheduler::schedule_reserved`], or never. Every other
    /// event keeps its relative order whichever it does, so a reservation left unused
    /// changes nothing but the number of events handled.
    #[inline]
    pub fn reserve(&mut self, rank: u8) -> Reservation {
        let seq = self.next_seq;
        assert!(seq < MAX_SEQ, "more than 2^56 events scheduled");
        self.next_seq += 1;
        Reservation {
            time: self.now,
            rank,
            seq,
        }
    }

    /// Whether an event scheduled with `reservation` would still come after the event
    /// being handled: same instant, later place in the order.
    #[inline]
    pub fn is_ahead(&self, reservation: Reservation) -> bool {
        reservation.time == self.now
            && Event::new(reservation.time, reservation.rank, reservation.seq, ()).order
                > self.current_order
    }

    /// Schedules `kind` in the place `reservation` kept: at its instant, with its rank and
    /// sequence number, exactly as if it had been scheduled when reserved.
    ///
    /// Returns false and schedules nothing once that place has passed
    /// ([`Scheduler::is_ahead`] is false).
    #[inline]
    pub fn schedule_reserved(&mut self, reservation: Reservation, kind: K) -> bool {
        if !self.is_ahead(reservation) {
            return false;
        }
        self.queue.push(Event::new(
            reservation.time,
            reservation.rank,
            reservation.seq,
            kind,
        ));
        true
    }

    /// Lets the model handle the event reserved with `reservation` at once, in place of
    /// scheduling it, if it would be the very next event handled: its place is still ahead
    /// ([`Scheduler::is_ahead`]) and comes before every pending event. Then the current
    /// place in the order moves to it, it counts as a handled event, and true is returned;
    /// the model must handle it before returning. Otherwise nothing changes (schedule it
    /// with [`Scheduler::schedule_reserved`]).
    ///
    /// Events are handled in the same order, with the same sequence numbers, either way;
    /// the event only skips a push and a pop of the queue.
    #[inline]
    pub fn take_reserved_now(&mut self, reservation: Reservation) -> bool {
        let order = Event::new(reservation.time, reservation.rank, reservation.seq, ()).order;
        let next = self
            .queue
            .peek_key()
            .is_none_or(|k| (reservation.time, order) < k);
        if !(next && self.is_ahead(reservation)) {
            return false;
        }
        self.current_order = order;
        self.taken_now += 1;
        true
    }

    /// Number of pending events.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }
}

/// A place in the event order kept by [`Scheduler::reserve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reservation {
    /// The instant it was taken at.
    pub time: SimTime,
    /// The tie-break rank of the event it is kept for.
    pub rank: u8,
    /// The sequence number it holds.
    pub seq: u64,
}

/// A model driven by the engine.
pub trait Model {
    /// The event payload: small and `Copy` (ids, not boxes).
    type Kind: Copy;
    /// Handles one event; may schedule more through `scheduler`.
    fn handle(&mut self, event: Event<Self::Kind>, scheduler: &mut Scheduler<Self::Kind>);
}

/// A simulation: the engine state plus the model it drives.
pub struct Simulation<M: Model> {
    /// The model; public so that callers can set it up and read results.
    pub model: M,
    scheduler: Scheduler<M::Kind>,
    events_handled: u64,
}

impl<M: Model> Simulation<M> {
    /// A simulation at time 0 with an empty queue.
    pub fn new(model: M) -> Self {
        Simulation {
            model,
            scheduler: Scheduler {
                now: 0,
                current_order: 0,
                next_seq: 0,
                queue: LaneQueue::new(),
                taken_now: 0,
            },
            events_handled: 0,
        }
    }

    /// Schedules an event from outside the loop (initial events).
    pub fn schedule_at(&mut self, time: SimTime, rank: u8, kind: M::Kind) {
        self.scheduler.schedule_at(time, rank, kind);
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.scheduler.now
    }

    /// Number of events handled so far (those the model took in place included).
    pub fn events_handled(&self) -> u64 {
        self.events_handled + self.scheduler.taken_now
    }

    /// Number of pending events.
    pub fn pending(&self) -> usize {
        self.scheduler.pending()
    }

    /// Handles the next event, if any; returns false when the queue is empty.
    pub fn step(&mut self) -> bool {
        match self.scheduler.queue.pop() {
            Some(event) => {
                debug_assert!(event.time >= self.scheduler.now);
                self.scheduler.now = event.time;
                self.scheduler.current_order = event.order;
                self.events_handled += 1;
                self.model.handle(event, &mut self.scheduler);
                true
            }
            None => false,
        }
    }

    /// Runs until the queue is empty or the next event is later than `until`;
    /// the clock then stands at the last handled event.
    pub fn run_until(&mut self, until: SimTime) {
        loop {
            match self.scheduler.queue.pop() {
                Some(event) if event.time <= until => {
                    self.scheduler.now = event.time;
                    self.scheduler.current_order = event.order;
                    self.events_handled += 1;
                    self.model.handle(event, &mut self.scheduler);
                }
                Some(event) => {
                    self.scheduler.queue.push(event);
                    return;
                }
                None => return,
            }
        }
    }

    /// Runs until the queue is empty.
    pub fn run(&mut self) {
        while self.step() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the order in which events arrive and schedules follow-ups.
    struct Recorder {
        seen: Vec<(SimTime, u8, u32)>,
    }

    impl Model for Recorder {
        type Kind = u32;
        fn handle(&mut self, event: Event<u32>, scheduler: &mut Scheduler<u32>) {
            self.seen.push((event.time, event.rank(), event.kind));
            if event.kind == 1 {
                // Same time, lower rank than a pending one: must still run before it.
                scheduler.schedule_in(0, 0, 10);
                scheduler.schedule_in(5, 2, 11);
            }
        }
    }

    #[test]
    fn events_run_in_time_rank_seq_order() {
        let mut sim = Simulation::new(Recorder { seen: vec![] });
        sim.schedule_at(10, 2, 3);
        sim.schedule_at(10, 1, 1);
        sim.schedule_at(10, 1, 2);
        sim.schedule_at(3, 9, 0);
        sim.run();
        let kinds: Vec<u32> = sim.model.seen.iter().map(|s| s.2).collect();
        // 0 at t=3; then at t=10: rank 0 event (10) scheduled by 1 runs before rank-1 event 2? No:
        // 1 and 2 have rank 1 and were scheduled first; 10 (rank 0) is scheduled while 1 runs,
        // and since its key (10, rank 0) is below 2's (10, rank 1), it runs next.
        assert_eq!(kinds, vec![0, 1, 10, 2, 3, 11]);
        assert_eq!(sim.now(), 15);
        assert_eq!(sim.events_handled(), 6);
    }

    /// Pushes one event, reserves a place, pushes another; a reserved event scheduled
    /// later in the same instant comes out where it would have, had it been scheduled at
    /// the reservation, and a stale reservation schedules nothing.
    struct Reserving {
        seen: Vec<u32>,
        held: Option<Reservation>,
    }

    impl Model for Reserving {
        type Kind = u32;
        fn handle(&mut self, event: Event<u32>, scheduler: &mut Scheduler<u32>) {
            self.seen.push(event.kind);
            match event.kind {
                1 => {
                    scheduler.schedule_in(0, 2, 20);
                    self.held = Some(scheduler.reserve(2));
                    scheduler.schedule_in(0, 2, 22);
                    scheduler.schedule_in(0, 1, 3);
                    scheduler.schedule_in(7, 1, 4);
                }
                3 => {
                    let r = self.held.expect("reserved");
                    assert!(scheduler.is_ahead(r));
                    assert!(scheduler.schedule_reserved(r, 21));
                }
                22 => {
                    // Same instant, but the reserved place (before 22) has passed.
                    let r = self.held.expect("reserved");
                    assert!(!scheduler.is_ahead(r));
                }
                4 => {
                    let r = self.held.expect("reserved");
                    assert!(!scheduler.schedule_reserved(r, 99));
                }
                _ => {}
            }
        }
    }

    #[test]
    fn a_reserved_event_keeps_its_place() {
        let mut sim = Simulation::new(Reserving {
            seen: vec![],
            held: None,
        });
        sim.schedule_at(10, 1, 1);
        sim.run();
        assert_eq!(sim.model.seen, vec![1, 3, 20, 21, 22, 4]);
    }

    /// Each event reserves a rank-2 place at its instant and, once its own follow-ups are
    /// scheduled, handles the reserved event in place when it is next, or schedules it.
    /// `inline` switches taking in place on or off; the order seen must not depend on it.
    struct TakingNow {
        seen: Vec<(SimTime, u32)>,
        inline: bool,
        taken: u32,
    }

    impl Model for TakingNow {
        type Kind = u32;
        fn handle(&mut self, event: Event<u32>, scheduler: &mut Scheduler<u32>) {
            self.seen.push((event.time, event.kind));
            if event.kind >= 100 {
                return;
            }
            let place = scheduler.reserve(2);
            // Every third event has a same-instant follow-up of rank 1, which must come
            // before the reserved rank-2 event; every other one a later follow-up.
            match event.kind % 3 {
                0 => scheduler.schedule_in(0, 1, event.kind + 1),
                1 => scheduler.schedule_in(3, 0, event.kind + 1),
                _ => {}
            }
            let kind = 100 + event.kind;
            if self.inline && scheduler.take_reserved_now(place) {
                self.taken += 1;
                self.seen.push((scheduler.now(), kind));
            } else {
                assert!(scheduler.schedule_reserved(place, kind));
            }
        }
    }

    #[test]
    fn taking_a_reserved_event_now_keeps_the_order_and_the_count() {
        let run = |inline| {
            let mut sim = Simulation::new(TakingNow {
                seen: vec![],
                inline,
                taken: 0,
            });
            for (t, k) in [(10, 0), (10, 30), (12, 60), (20, 2)] {
                sim.schedule_at(t, 1, k);
            }
            sim.run();
            let events = sim.events_handled();
            (sim.model.seen, sim.model.taken, events)
        };
        let (queued, none_taken, queued_events) = run(false);
        let (inline, taken, inline_events) = run(true);
        assert_eq!(none_taken, 0);
        assert!(taken > 0 && (taken as usize) < queued.len() / 2, "{taken}");
        assert_eq!(inline, queued);
        assert_eq!(inline_events, queued_events);
        assert_eq!(queued_events as usize, queued.len());
    }

    #[test]
    fn run_until_stops_before_later_events() {
        let mut sim = Simulation::new(Recorder { seen: vec![] });
        sim.schedule_at(5, 0, 7);
        sim.schedule_at(50, 0, 8);
        sim.run_until(20);
        assert_eq!(sim.model.seen.len(), 1);
        sim.run();
        assert_eq!(sim.model.seen.len(), 2);
    }
}
