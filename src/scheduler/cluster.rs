//! The allocation state of one cluster, indexed so that no decision scans all nodes.
//!
//! Nodes are kept in buckets by their number of free accelerators: a job of `g < n`
//! accelerators goes to a node from the smallest bucket that fits (best fit, which keeps
//! whole nodes free for large jobs); jobs of a node or more take whole free nodes.
//! Full nodes are in no bucket: placement never takes a node from them, so their order
//! decides nothing, and leaving them out saves the release of every node of a large job
//! a removal at a random place of a list as long as the busy part of the cluster.
//! For backfilling, busy nodes can also be indexed by the time they are expected to become
//! wholly free; only EASY reads that index, so a cluster keeps it only when asked
//! ([`Cluster::with_free_times`]).

use crate::engine::SimTime;
use std::collections::BTreeMap;

/// The accelerators one job holds: the same number on each of its nodes (one node for a
/// job smaller than a node, whole nodes otherwise).
///
/// The first node is kept inline, so that the allocation of a job on a single node (most
/// jobs) needs no heap memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allocation {
    /// Accelerators held on each node; 0 for an empty allocation.
    per_node: u32,
    /// The first node (meaningless when `per_node` is 0).
    first: u32,
    /// The other nodes, in allocation order.
    rest: Vec<u32>,
}

impl Allocation {
    /// `per_node` accelerators on `node` alone.
    pub fn single(node: u32, per_node: u32) -> Self {
        Allocation {
            per_node,
            first: node,
            rest: Vec::new(),
        }
    }

    /// `(node, accelerators)` pairs, in allocation order.
    pub fn parts(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let first = (self.per_node > 0).then_some(self.first);
        first
            .into_iter()
            .chain(self.rest.iter().copied())
            .map(|node| (node, self.per_node))
    }

    /// Accelerators held in total.
    pub fn slots(&self) -> u64 {
        u64::from(self.per_node) * self.nodes() as u64
    }

    /// Nodes touched.
    pub fn nodes(&self) -> usize {
        if self.per_node == 0 {
            0
        } else {
            1 + self.rest.len()
        }
    }
}

/// Busy nodes by the time they are expected to become wholly free (EASY only).
#[derive(Clone, Debug, Default)]
struct FreeTimes {
    /// Expected ends of the jobs on each node.
    node_ends: Vec<Vec<SimTime>>,
    /// Number of busy nodes per expected free time (the latest end on the node).
    index: BTreeMap<SimTime, u32>,
}

impl FreeTimes {
    fn node_free_at(&self, node: u32) -> Option<SimTime> {
        self.node_ends[node as usize].iter().copied().max()
    }

    fn set_node_end(&mut self, node: u32, add: Option<SimTime>, remove: Option<SimTime>) {
        let before = self.node_free_at(node);
        let ends = &mut self.node_ends[node as usize];
        if let Some(end) = remove
            && let Some(i) = ends.iter().position(|&e| e == end)
        {
            ends.swap_remove(i);
        }
        if let Some(end) = add {
            ends.push(end);
        }
        let after = self.node_free_at(node);
        if before != after {
            if let Some(b) = before {
                let count = self.index.get_mut(&b).expect("indexed node end");
                *count -= 1;
                if *count == 0 {
                    self.index.remove(&b);
                }
            }
            if let Some(a) = after {
                *self.index.entry(a).or_insert(0) += 1;
            }
        }
    }
}

/// One node's free accelerators and its place in the bucket of that count, side by side
/// so that moving a node reads one cache line of this table, not two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NodeSlot {
    /// Free accelerators.
    free: u32,
    /// Index in `buckets[free]` (meaningless when `free` is 0: full nodes are in no bucket).
    position: u32,
}

/// Allocation state of one cluster.
#[derive(Clone, Debug)]
pub struct Cluster {
    gpus_per_node: u32,
    nodes: Vec<NodeSlot>,
    /// Nodes by free accelerators, `1..=gpus_per_node` (`buckets[0]` stays empty).
    buckets: Vec<Vec<u32>>,
    free_times: Option<FreeTimes>,
    allocated_slots: u64,
}

impl Cluster {
    /// A cluster of `nodes` nodes with `gpus_per_node` accelerators each, all free, that
    /// also indexes busy nodes by expected free time, for [`Cluster::reservation`] and
    /// [`Cluster::nodes_taken_from`] (EASY backfill).
    pub fn with_free_times(nodes: u32, gpus_per_node: u32) -> Self {
        let mut cluster = Self::new(nodes, gpus_per_node);
        cluster.free_times = Some(FreeTimes {
            node_ends: vec![Vec::new(); nodes as usize],
            index: BTreeMap::new(),
        });
        cluster
    }

    /// A cluster of `nodes` nodes with `gpus_per_node` accelerators each, all free, without
    /// the free-time index: placement decisions are the same, but
    /// [`Cluster::reservation`] and [`Cluster::nodes_taken_from`] panic.
    pub fn new(nodes: u32, gpus_per_node: u32) -> Self {
        let n = gpus_per_node as usize;
        let mut buckets = vec![Vec::new(); n + 1];
        buckets[n] = (0..nodes).collect();
        Cluster {
            gpus_per_node,
            nodes: (0..nodes)
                .map(|position| NodeSlot {
                    free: gpus_per_node,
                    position,
                })
                .collect(),
            buckets,
            free_times: None,
            allocated_slots: 0,
        }
    }

    /// Accelerators per node.
    pub fn gpus_per_node(&self) -> u32 {
        self.gpus_per_node
    }

    /// Number of nodes.
    pub fn nodes(&self) -> u32 {
        self.nodes.len() as u32
    }

    /// Nodes with every accelerator free.
    pub fn idle_nodes(&self) -> u32 {
        self.buckets[self.gpus_per_node as usize].len() as u32
    }

    /// Accelerators allocated to jobs.
    pub fn allocated_slots(&self) -> u64 {
        self.allocated_slots
    }

    /// Free accelerators on nodes that have at least one allocated.
    pub fn free_slots_on_busy_nodes(&self) -> u64 {
        let total = u64::from(self.nodes()) * u64::from(self.gpus_per_node);
        total - self.allocated_slots - u64::from(self.idle_nodes()) * u64::from(self.gpus_per_node)
    }

    /// Whole nodes a job of `gpus` accelerators occupies: 0 for a sub-node job.
    pub fn whole_nodes_for(&self, gpus: u32) -> u32 {
        if gpus >= self.gpus_per_node {
            gpus.div_ceil(self.gpus_per_node)
        } else {
            0
        }
    }

    /// Accelerators a job of `gpus` holds (whole nodes above one node).
    pub fn slots_for(&self, gpus: u32) -> u32 {
        match self.whole_nodes_for(gpus) {
            0 => gpus,
            k => k * self.gpus_per_node,
        }
    }

    /// The node a sub-node job of `gpus` accelerators would go to now (best fit).
    fn best_fit(&self, gpus: u32) -> Option<u32> {
        (gpus as usize..=self.gpus_per_node as usize).find_map(|f| self.buckets[f].last().copied())
    }

    /// True if a job of `gpus` accelerators can start now.
    pub fn fits(&self, gpus: u32) -> bool {
        match self.whole_nodes_for(gpus) {
            0 => self.best_fit(gpus).is_some(),
            k => self.idle_nodes() >= k,
        }
    }

    /// Moves `node` to the bucket of `new_free` free accelerators. The buckets of one or
    /// more free accelerators change exactly as they would if full nodes had a bucket too
    /// (removal by swapping in the last node, insertion at the end), so placement is the
    /// same; only the full nodes' order, which nothing reads, is not kept.
    fn move_node(&mut self, node: u32, new_free: u32) {
        let NodeSlot { free, position } = self.nodes[node as usize];
        if free != 0 {
            let bucket = &mut self.buckets[free as usize];
            bucket.swap_remove(position as usize);
            if let Some(&moved) = bucket.get(position as usize) {
                self.nodes[moved as usize].position = position;
            }
        }
        let position = if new_free == 0 {
            0
        } else {
            let target = &mut self.buckets[new_free as usize];
            target.push(node);
            (target.len() - 1) as u32
        };
        self.nodes[node as usize] = NodeSlot {
            free: new_free,
            position,
        };
    }

    /// The free-time index; a cluster made by [`Cluster::new`] has none (a programming
    /// error of the policy that asks, not an input error).
    fn free_times(&self) -> &FreeTimes {
        self.free_times
            .as_ref()
            .expect("EASY needs a cluster made with Cluster::with_free_times")
    }

    /// Allocates a job of `gpus` accelerators expected to end at `expected_end`; `None`
    /// if it does not fit now.
    pub fn allocate(&mut self, gpus: u32, expected_end: SimTime) -> Option<Allocation> {
        let allocation = match self.whole_nodes_for(gpus) {
            0 => {
                let node = self.best_fit(gpus)?;
                let left = self.nodes[node as usize].free - gpus;
                self.move_node(node, left);
                Allocation::single(node, gpus)
            }
            k => {
                if self.idle_nodes() < k {
                    return None;
                }
                let n = self.gpus_per_node;
                let bucket = n as usize;
                let mut allocation = Allocation {
                    per_node: n,
                    first: 0,
                    rest: Vec::with_capacity(k as usize - 1),
                };
                for i in 0..k {
                    // The last idle node leaves its bucket (a `swap_remove` at the end, so no
                    // other node moves) and, full, enters none: `move_node(node, 0)` without
                    // reading the node's own entry, which it overwrites.
                    let node = self.buckets[bucket].pop().expect("counted idle nodes");
                    self.nodes[node as usize] = NodeSlot {
                        free: 0,
                        position: 0,
                    };
                    if i == 0 {
                        allocation.first = node;
                    } else {
                        allocation.rest.push(node);
                    }
                }
                allocation
            }
        };
        self.allocated_slots += allocation.slots();
        if let Some(ft) = &mut self.free_times {
            for (node, _) in allocation.parts() {
                ft.set_node_end(node, Some(expected_end), None);
            }
        }
        Some(allocation)
    }

    /// Frees an allocation made with `expected_end`.
    pub fn release(&mut self, allocation: &Allocation, expected_end: SimTime) {
        if allocation.per_node == self.gpus_per_node && self.free_times.is_none() {
            // Whole nodes, full while held: each goes from no bucket to the end of the idle
            // nodes' bucket, as `move_node(node, gpus_per_node)` would put it, without reading
            // its entry first (at 12,500 nodes and more, a cache miss per node).
            for (node, _) in allocation.parts() {
                debug_assert_eq!(self.nodes[node as usize].free, 0, "double release");
                let idle = &mut self.buckets[self.gpus_per_node as usize];
                idle.push(node);
                self.nodes[node as usize] = NodeSlot {
                    free: self.gpus_per_node,
                    position: (idle.len() - 1) as u32,
                };
            }
            self.allocated_slots -= allocation.slots();
            return;
        }
        for (node, slots) in allocation.parts() {
            let free = self.nodes[node as usize].free + slots;
            debug_assert!(free <= self.gpus_per_node, "double release");
            self.move_node(node, free);
            if let Some(ft) = &mut self.free_times {
                ft.set_node_end(node, None, Some(expected_end));
            }
        }
        self.allocated_slots -= allocation.slots();
    }

    /// EASY reservation for a job of `gpus` accelerators that does not fit now: the
    /// earliest time `shadow` at which enough whole nodes are expected to be free (a
    /// sub-node job reserves one whole node: conservative, it may start earlier), and how
    /// many of the nodes free at `shadow` the job does not need (`extra`).
    pub fn reservation(&self, now: SimTime, gpus: u32) -> (SimTime, u32) {
        let need = self.whole_nodes_for(gpus).max(1);
        let mut available = self.idle_nodes();
        if available >= need {
            return (now, available - need);
        }
        for (&time, &count) in &self.free_times().index {
            available += count;
            if available >= need {
                return (time.max(now), available - need);
            }
        }
        (SimTime::MAX, 0)
    }

    /// When a job of `gpus` accelerators queued behind `ahead_gpus` accelerators of waiting
    /// work is expected to start, judged from the busy nodes' expected free times: the time
    /// at which enough whole nodes for the work ahead (rounded up to nodes) and then the job
    /// (one node for a sub-node job, as in [`Cluster::reservation`]) are expected to be
    /// free. Jobs started meanwhile by backfilling, failures and jobs still on their way
    /// are not foreseen, so this is an estimate. `None` if the cluster has too few nodes.
    /// Walks the index only until enough nodes are counted, never over all nodes; needs
    /// the free-time index ([`Cluster::with_free_times`]).
    pub fn expected_start(&self, now: SimTime, gpus: u32, ahead_gpus: u64) -> Option<SimTime> {
        let ahead = ahead_gpus.div_ceil(u64::from(self.gpus_per_node));
        let need = u64::from(self.whole_nodes_for(gpus).max(1)) + ahead;
        if need > u64::from(self.nodes()) {
            return None;
        }
        let mut available = u64::from(self.idle_nodes());
        if available >= need {
            return Some(now);
        }
        for (&time, &count) in &self.free_times().index {
            available += u64::from(count);
            if available >= need {
                return Some(time.max(now));
            }
        }
        None
    }

    /// How many nodes that are expected to be wholly free at `shadow` a job of `gpus`
    /// placed now would keep busy beyond `shadow` (its end being after `shadow`).
    pub fn nodes_taken_from(&self, gpus: u32, shadow: SimTime) -> u32 {
        match self.whole_nodes_for(gpus) {
            0 => match self.best_fit(gpus) {
                Some(node) => u32::from(
                    self.free_times()
                        .node_free_at(node)
                        .is_none_or(|t| t <= shadow),
                ),
                None => 0,
            },
            k => k,
        }
    }

    /// Checks internal consistency (tests): bucket membership, positions, counts.
    pub fn check_invariants(&self) {
        let mut allocated = 0u64;
        let mut full = 0u32;
        assert!(self.buckets[0].is_empty(), "full nodes are in no bucket");
        for (node, slot) in self.nodes.iter().enumerate() {
            let free = slot.free;
            assert!(free <= self.gpus_per_node, "node {node} over-allocated");
            if free == 0 {
                full += 1;
            } else {
                let pos = slot.position as usize;
                assert_eq!(self.buckets[free as usize][pos] as usize, node);
            }
            allocated += u64::from(self.gpus_per_node - free);
            if let Some(ft) = &self.free_times {
                assert_eq!(ft.node_ends[node].is_empty(), free == self.gpus_per_node);
            }
        }
        assert_eq!(allocated, self.allocated_slots);
        let bucketed: usize = self.buckets.iter().map(Vec::len).sum();
        assert_eq!(bucketed as u32 + full, self.nodes());
        if let Some(ft) = &self.free_times {
            let indexed: u32 = ft.index.values().sum();
            assert_eq!(indexed, self.nodes() - self.idle_nodes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_fit_packs_small_jobs_and_keeps_whole_nodes() {
        let mut c = Cluster::new(3, 8);
        let a = c.allocate(3, 100).unwrap();
        let b = c.allocate(4, 50).unwrap();
        assert_eq!(
            a.parts().next(),
            b.parts().next().map(|(node, _)| (node, 3)),
            "second job packed onto the partly used node"
        );
        assert_eq!(c.idle_nodes(), 2);
        let big = c.allocate(16, 200).unwrap();
        assert_eq!(big.nodes(), 2);
        assert!(!c.fits(2));
        assert!(c.fits(1));
        assert!(c.allocate(8, 10).is_none());
        c.check_invariants();
        c.release(&big, 200);
        c.release(&a, 100);
        c.release(&b, 50);
        assert_eq!(c.idle_nodes(), 3);
        assert_eq!(c.allocated_slots(), 0);
        c.check_invariants();
    }

    /// The free-time index changes no placement: both kinds of cluster give the same
    /// allocations to the same sequence of jobs and releases.
    #[test]
    fn placement_does_not_depend_on_the_free_time_index() {
        let (mut plain, mut indexed) = (Cluster::new(16, 8), Cluster::with_free_times(16, 8));
        let mut held: Vec<(Allocation, SimTime)> = Vec::new();
        let mut x: u64 = 12345;
        for step in 0..2_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (x >> 33) as u32;
            if r.is_multiple_of(3) && !held.is_empty() {
                let (a, end) = held.swap_remove(r as usize % held.len());
                plain.release(&a, end);
                indexed.release(&a, end);
            } else {
                let gpus = [1, 2, 3, 8, 16, 24][r as usize % 6];
                let a = plain.allocate(gpus, step + 100);
                assert_eq!(a, indexed.allocate(gpus, step + 100));
                if let Some(a) = a {
                    assert_eq!(a.slots(), u64::from(plain.slots_for(gpus)));
                    held.push((a, step + 100));
                }
            }
            assert_eq!(plain.allocated_slots(), indexed.allocated_slots());
        }
        plain.check_invariants();
        indexed.check_invariants();
    }

    /// The index as it was before full nodes left the buckets: every node in the bucket of
    /// its free count, 0 included, with the same removal and insertion rules.
    struct AllBuckets {
        per_node: u32,
        free: Vec<u32>,
        buckets: Vec<Vec<u32>>,
        position: Vec<usize>,
    }

    impl AllBuckets {
        fn new(nodes: u32, per_node: u32) -> Self {
            let mut buckets = vec![Vec::new(); per_node as usize + 1];
            buckets[per_node as usize] = (0..nodes).collect();
            AllBuckets {
                per_node,
                free: vec![per_node; nodes as usize],
                buckets,
                position: (0..nodes as usize).collect(),
            }
        }

        fn set_free(&mut self, node: u32, free: u32) {
            let (n, old) = (node as usize, self.free[node as usize] as usize);
            let pos = self.position[n];
            self.buckets[old].swap_remove(pos);
            if let Some(&moved) = self.buckets[old].get(pos) {
                self.position[moved as usize] = pos;
            }
            self.position[n] = self.buckets[free as usize].len();
            self.buckets[free as usize].push(node);
            self.free[n] = free;
        }

        fn allocate(&mut self, gpus: u32) -> Option<Vec<u32>> {
            if gpus < self.per_node {
                let f = (gpus..=self.per_node).find(|&f| !self.buckets[f as usize].is_empty())?;
                let node = *self.buckets[f as usize].last()?;
                self.set_free(node, f - gpus);
                return Some(vec![node]);
            }
            let k = gpus.div_ceil(self.per_node) as usize;
            if self.buckets[self.per_node as usize].len() < k {
                return None;
            }
            let mut held = Vec::new();
            for _ in 0..k {
                let node = *self.buckets[self.per_node as usize].last()?;
                self.set_free(node, 0);
                held.push(node);
            }
            Some(held)
        }

        fn release(&mut self, held: &[u32], each: u32) {
            for &node in held {
                self.set_free(node, self.free[node as usize] + each);
            }
        }
    }

    /// Leaving full nodes out of the buckets changes no placement: over random jobs and
    /// releases (half of them filling whole nodes), every allocation is the one the index
    /// with a bucket of full nodes makes, with and without the free-time index (without it,
    /// whole nodes are taken and given back without reading their entries first).
    #[test]
    fn placement_is_that_of_buckets_with_full_nodes() {
        for (nodes, per_node, free_times) in [
            (64, 8, true),
            (40, 4, true),
            (9, 1, true),
            (64, 8, false),
            (40, 4, false),
            (9, 1, false),
        ] {
            let mut ours = if free_times {
                Cluster::with_free_times(nodes, per_node)
            } else {
                Cluster::new(nodes, per_node)
            };
            let mut reference = AllBuckets::new(nodes, per_node);
            let mut held: Vec<(Allocation, SimTime)> = Vec::new();
            let (mut x, mut placed) = (987_654_321u64, 0);
            for step in 0..20_000u64 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (x >> 33) as u32;
                if r % 5 < 2 && !held.is_empty() {
                    let (a, end) = held.swap_remove(r as usize % held.len());
                    let nodes: Vec<u32> = a.parts().map(|(n, _)| n).collect();
                    let each = a.parts().next().map_or(0, |(_, g)| g);
                    ours.release(&a, end);
                    reference.release(&nodes, each);
                } else {
                    let gpus = [1, 1, 2, 3, 5, 8, 16, 24][r as usize % 8].min(per_node * 3);
                    let a = ours.allocate(gpus, step + 50);
                    let expected = reference.allocate(gpus);
                    assert_eq!(
                        a.as_ref()
                            .map(|a| a.parts().map(|(n, _)| n).collect::<Vec<_>>()),
                        expected,
                        "step {step}, {gpus} GPUs"
                    );
                    if let Some(a) = a {
                        placed += 1;
                        held.push((a, step + 50));
                    }
                }
                if step % 1_000 == 0 {
                    ours.check_invariants();
                }
            }
            assert!(placed > 5_000, "{placed} placed");
            ours.check_invariants();
        }
    }

    #[test]
    fn jobs_above_a_node_take_whole_nodes() {
        let c = Cluster::new(4, 8);
        assert_eq!(c.whole_nodes_for(12), 2);
        assert_eq!(c.slots_for(12), 16);
        assert_eq!(c.slots_for(5), 5);
        assert_eq!(c.whole_nodes_for(8), 1);
    }

    #[test]
    fn reservation_counts_nodes_by_expected_free_time() {
        let mut c = Cluster::with_free_times(4, 8);
        c.allocate(8, 100).unwrap();
        c.allocate(8, 300).unwrap();
        c.allocate(1, 200).unwrap();
        c.allocate(1, 250).unwrap();
        // one idle node; busy nodes free at 100, 250 (the node with both 1-GPU jobs), 300
        assert_eq!(c.idle_nodes(), 1);
        assert_eq!(c.reservation(10, 24), (250, 0));
        assert_eq!(c.reservation(10, 16), (100, 0));
        assert_eq!(c.reservation(10, 32), (300, 0));
        assert_eq!(c.reservation(10, 8), (10, 0));
        c.check_invariants();
    }

    #[test]
    fn expected_start_counts_the_work_queued_ahead_in_whole_nodes() {
        let mut c = Cluster::with_free_times(4, 8);
        c.allocate(8, 100).unwrap();
        c.allocate(8, 300).unwrap();
        c.allocate(1, 200).unwrap();
        c.allocate(1, 250).unwrap();
        // one idle node; busy nodes free at 100, 250, 300
        assert_eq!(c.expected_start(10, 8, 0), Some(10));
        assert_eq!(c.expected_start(10, 1, 0), Some(10));
        // 3 GPUs queued ahead take the idle node (rounded up to a node)
        assert_eq!(c.expected_start(10, 1, 3), Some(100));
        assert_eq!(c.expected_start(10, 16, 8), Some(250));
        assert_eq!(c.expected_start(10, 16, 16), Some(300));
        assert_eq!(c.expected_start(400, 8, 0), Some(400));
        // more nodes than the cluster has: never
        assert_eq!(c.expected_start(10, 16, 24), None);
        assert_eq!(c.expected_start(10, 40, 0), None);
    }
}
