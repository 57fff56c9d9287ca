//! The discrete-event engine: simulated time, an event queue and the loop.
//!
//! It knows nothing about GPUs or carbon: a model implements [`Model`] and receives
//! each event in `(time, rank, seq)` order together with a [`Scheduler`] handle to
//! schedule more.

pub mod event;
pub mod inverse;
pub mod lane;
pub mod queue;
pub mod rng;
pub mod round;
pub mod simulation;

pub use event::{Event, EventQueue, SECONDS_PER_HOUR, SimTime};
pub use lane::LaneQueue;
pub use queue::CalendarQueue;
pub use rng::{StreamId, stream_rng};
pub use simulation::{Model, Reservation, Scheduler, Simulation};
