//! Tests of the event queues (`queue.rs`), kept apart so that file stays small.

use super::*;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};

/// Pops everything, checking keys strictly increase; returns the popped events.
fn drain<Q: EventQueue<u64>>(q: &mut Q) -> Vec<Event<u64>> {
    let mut out = Vec::with_capacity(q.len());
    while let Some(e) = q.pop() {
        if let Some(prev) = out.last() {
            assert!(key(prev) < key(&e), "out of order: {prev:?} then {e:?}");
        }
        out.push(e);
    }
    assert_eq!(q.len(), 0);
    assert!(q.is_empty());
    out
}

/// Runs `steps` random operations on both queues and checks they agree on every pop
/// and on `len`/`peek_time`; `time` draws the time of a push given the last popped time.
fn compare_random(
    seed: u64,
    steps: usize,
    push_prob: f64,
    mut time: impl FnMut(&mut ChaCha8Rng, SimTime) -> SimTime,
) {
    for deferring in [false, true] {
        compare_random_with(seed, steps, push_prob, &mut time, deferring);
    }
}

fn compare_random_with(
    seed: u64,
    steps: usize,
    push_prob: f64,
    time: &mut impl FnMut(&mut ChaCha8Rng, SimTime) -> SimTime,
    deferring: bool,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut cq = if deferring {
        CalendarQueue::always_deferring()
    } else {
        CalendarQueue::new()
    };
    let mut bh = BinaryHeapQueue::new();
    let mut seq = 0u64;
    let mut now = 0;
    for _ in 0..steps {
        if rng.random_bool(push_prob) {
            let t = time(&mut rng, now);
            let rank = rng.random_range(0..3u8);
            let e = Event::new(t, rank, seq, seq.wrapping_mul(7));
            seq += 1;
            cq.push(e);
            bh.push(e);
        } else {
            let (a, b) = (cq.pop(), bh.pop());
            assert_eq!(a, b);
            if let Some(e) = a {
                now = e.time;
            }
        }
        assert_eq!(cq.len(), bh.len());
        assert_eq!(cq.peek_time(), bh.peek_time());
    }
    assert_eq!(drain(&mut cq), drain(&mut bh));
}

#[test]
fn random_interleavings_match_binary_heap() {
    let exp = Exp::new(1.0 / 1_000.0).unwrap();
    for (seed, p) in [(1, 0.5), (2, 0.6), (3, 0.4), (4, 0.9)] {
        // Hold-like: events ahead of the last popped one.
        compare_random(seed, 20_000, p, |r, now| now + exp.sample(r) as u64);
        // Coarse times: many ties.
        compare_random(seed + 10, 20_000, p, |r, now| now + r.random_range(0..4));
        // Anywhere, including before `now`.
        compare_random(seed + 20, 20_000, p, |r, _| r.random_range(0..100_000));
        // Mixed scales.
        compare_random(seed + 30, 20_000, p, |r, now| match r.random_range(0..4) {
            0 => now,
            1 => now + r.random_range(0..10),
            2 => now + r.random_range(0..1_000_000_000),
            _ => r.random_range(0..=now.max(1)),
        });
    }
}

#[test]
fn ties_at_equal_time_and_rank_pop_by_seq() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut seqs: Vec<u64> = (0..2_000).collect();
    // Pushed in random order, and interleaved with other times.
    for i in (1..seqs.len()).rev() {
        seqs.swap(i, rng.random_range(0..=i));
    }
    let mut q = CalendarQueue::new();
    for &s in &seqs {
        q.push(Event::new(42, 1, s, s));
        q.push(Event::new(42 + s % 5, 2, 10_000 + s, s));
    }
    let out = drain(&mut q);
    let at42: Vec<u64> = out
        .iter()
        .filter(|e| e.time == 42 && e.rank() == 1)
        .map(|e| e.seq())
        .collect();
    assert_eq!(at42, (0..2_000).collect::<Vec<_>>());
}

#[test]
fn equal_time_lower_rank_first() {
    let mut q = CalendarQueue::new();
    q.push(Event::new(10, 2, 0, 0u64));
    q.push(Event::new(10, 0, 5, 1));
    q.push(Event::new(10, 1, 1, 2));
    q.push(Event::new(9, 3, 9, 3));
    q.push(Event::new(10, 0, 2, 4));
    let kinds: Vec<u64> = drain(&mut q).iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [3, 4, 1, 2, 0]);
}

#[test]
fn push_earlier_than_last_popped() {
    let mut q = CalendarQueue::new();
    let mut seq = 0;
    let mut ev = |t: SimTime| {
        seq += 1;
        Event::new(t, 0, seq, t)
    };
    for t in (1_000..2_000).step_by(10) {
        q.push(ev(t));
    }
    for _ in 0..50 {
        q.pop();
    }
    assert_eq!(q.peek_time(), Some(1_500));
    q.push(ev(5));
    q.push(ev(1_499));
    q.push(ev(0));
    assert_eq!(q.peek_time(), Some(0));
    assert_eq!(q.pop().unwrap().time, 0);
    assert_eq!(q.pop().unwrap().time, 5);
    assert_eq!(q.pop().unwrap().time, 1_499);
    assert_eq!(q.pop().unwrap().time, 1_500);
    // Into an empty queue, far behind the last pop.
    while q.pop().is_some() {}
    q.push(ev(3));
    q.push(ev(1));
    assert_eq!(q.pop().unwrap().time, 1);
    assert_eq!(q.pop().unwrap().time, 3);
    assert_eq!(q.pop(), None);
}

#[test]
fn events_at_the_current_time_come_next() {
    // Zero-delay scheduling, common in models, goes through the deferral FIFO; ranks
    // must still order them, also against bucketed events at the same time.
    let mut q = CalendarQueue::default();
    let mut seq = 0;
    for t in 0..1_000u64 {
        q.push(Event::new(t * 1_000, 1, seq, 0u64));
        seq += 1;
    }
    let mut now = 0;
    for round in 0..2_000u64 {
        let e = q.pop().unwrap();
        assert!(e.key() >= (now, 0));
        now = e.time;
        if e.kind == 0 && round % 3 != 0 {
            // Same time, lower rank: next. Same time, higher rank: after those.
            q.push(Event::new(now, 2, seq, 2));
            q.push(Event::new(now, 0, seq + 1, 1));
            seq += 2;
            let next = q.pop().unwrap();
            assert_eq!((next.time, next.rank(), next.kind), (now, 0, 1));
        }
        q.push(Event::new(now + 1_000_000, 1, seq, 0));
        seq += 1;
    }
    let mut bh = BinaryHeapQueue::with_capacity(16);
    let out = drain(&mut q);
    for e in &out {
        bh.push(*e);
    }
    assert_eq!(drain(&mut bh), out);
}

#[test]
fn fresh_queues_are_empty_and_usable() {
    let mut q: CalendarQueue<u64> = CalendarQueue::with_capacity(1_000);
    assert!(q.is_empty());
    assert_eq!(q.pop(), None);
    assert_eq!(q.peek_time(), None);
    q.push(Event::new(7, 0, 0, 9));
    assert_eq!(q.peek_time(), Some(7));
    assert_eq!(q.len(), 1);
    assert_eq!(q.pop().map(|e| e.kind), Some(9));
    assert!(q.is_empty());
    let mut h: BinaryHeapQueue<u64> = BinaryHeapQueue::default();
    assert_eq!(h.pop(), None);
    assert_eq!(h.peek_time(), None);
}

#[test]
fn grows_to_100k_then_drains() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let exp = Exp::new(1.0 / 1e9).unwrap();
    let mut q = CalendarQueue::with_capacity(10);
    for seq in 0..100_000 {
        q.push(Event::new(exp.sample(&mut rng) as u64, 0, seq, seq));
    }
    assert_eq!(q.len(), 100_000);
    assert!(q.bucket_count() >= 100_000 / 4, "{}", q.bucket_count());
    let out = drain(&mut q);
    assert_eq!(out.len(), 100_000);
    assert!(q.bucket_count() <= 16, "{}", q.bucket_count());
    // Still usable after draining.
    q.push(Event::new(5, 0, 0, 0));
    assert_eq!(q.pop().map(|e| e.time), Some(5));
}

#[test]
fn all_events_at_one_time() {
    let mut q = CalendarQueue::new();
    for seq in 0..100_000 {
        q.push(Event::new(1_000, 0, seq, seq));
    }
    for seq in 0..50_000 {
        assert_eq!(q.pop().unwrap().seq(), seq);
        q.push(Event::new(1_000, 0, 100_000 + seq, 0));
    }
    let out = drain(&mut q);
    assert_eq!(out.len(), 100_000);
    assert_eq!(out[0].seq(), 50_000);
}

#[test]
fn huge_gaps() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut q = CalendarQueue::new();
    let mut bh = BinaryHeapQueue::new();
    for seq in 0..20_000u64 {
        let t = if rng.random_bool(0.5) {
            0
        } else {
            1_000_000_000_000_000
        };
        let t = t + rng.random_range(0..3);
        q.push(Event::new(t, 0, seq, seq));
        bh.push(Event::new(t, 0, seq, seq));
    }
    assert_eq!(drain(&mut q), drain(&mut bh));

    // Hold model alternating between the two clusters.
    let mut seq = 0;
    for i in 0..1_000u64 {
        let t = if i % 2 == 0 {
            i
        } else {
            1_000_000_000_000_000 + i
        };
        q.push(Event::new(t, 0, seq, 0));
        bh.push(Event::new(t, 0, seq, 0));
        seq += 1;
    }
    for _ in 0..20_000 {
        let e = q.pop().unwrap();
        assert_eq!(Some(e), bh.pop());
        let t = if rng.random_bool(0.5) {
            e.time + 1
        } else {
            e.time + 1_000_000_000_000_000
        };
        q.push(Event::new(t, 0, seq, 0));
        bh.push(Event::new(t, 0, seq, 0));
        seq += 1;
    }
    assert_eq!(drain(&mut q), drain(&mut bh));
}

#[test]
fn times_near_u64_max() {
    let mut q = CalendarQueue::new();
    let mut bh = BinaryHeapQueue::new();
    let times = [
        u64::MAX,
        0,
        u64::MAX - 1,
        u64::MAX / 2,
        u64::MAX,
        1,
        u64::MAX - 3,
    ];
    for round in 0..200u64 {
        for (i, &t) in times.iter().enumerate() {
            let e = Event::new(t, (i % 3) as u8, round * 10 + i as u64, 0);
            q.push(e);
            bh.push(e);
        }
        if round % 3 == 0 {
            assert_eq!(q.pop(), bh.pop());
        }
    }
    assert_eq!(drain(&mut q), drain(&mut bh));
}

#[test]
fn width_adapts_when_spread_changes() {
    // Filled at time 0 (width estimate 1 s), then every event moves to a spread-out
    // time at an unchanged size: the queue must re-estimate rather than walk empty
    // buckets forever.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let exp = Exp::new(1.0 / 1e9).unwrap();
    let mut q = CalendarQueue::new();
    let n = 10_000;
    for seq in 0..n {
        q.push(Event::new(0, 0, seq, 0));
    }
    for seq in n..n + 200_000 {
        let e = q.pop().unwrap();
        q.push(Event::new(e.time + exp.sample(&mut rng) as u64, 0, seq, 0));
    }
    assert!(q.bucket_width() > 1 << 10, "width {}", q.bucket_width());
    assert_eq!(drain(&mut q).len(), n as usize);
}

#[derive(Clone, Debug)]
enum Op {
    Push(SimTime, u8),
    Pop,
}

fn op() -> impl Strategy<Value = Op> {
    let time = prop_oneof![
        0u64..20,
        0u64..1_000_000,
        any::<u64>(),
        (u64::MAX - 20)..=u64::MAX,
    ];
    prop_oneof![
        3 => (time, 0u8..4).prop_map(|(t, r)| Op::Push(t, r)),
        2 => Just(Op::Pop),
    ]
}

proptest! {
    #[test]
    fn any_operation_sequence_matches_reference(
        ops in prop::collection::vec(op(), 0..600),
        deferring in any::<bool>(),
    ) {
        let mut cq = if deferring {
            CalendarQueue::always_deferring()
        } else {
            CalendarQueue::new()
        };
        let mut bh = BinaryHeapQueue::new();
        for (seq, op) in ops.into_iter().enumerate() {
            match op {
                Op::Push(t, r) => {
                    let e = Event::new(t, r, seq as u64, seq as u64);
                    cq.push(e);
                    bh.push(e);
                }
                Op::Pop => prop_assert_eq!(cq.pop(), bh.pop()),
            }
            prop_assert_eq!(cq.len(), bh.len());
            prop_assert_eq!(cq.peek_time(), bh.peek_time());
        }
        prop_assert_eq!(drain(&mut cq), drain(&mut bh));
    }
}
