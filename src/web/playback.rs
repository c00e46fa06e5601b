//! The lesson's end: a scenario's failure and remedies are judged at its epoch budget, so
//! playing pauses there once, showing the run the explanation describes. Left to train on,
//! many failures cure themselves (MSE on a sigmoid gets there after thousands of epochs),
//! and the page would show a cure beside the text of a failure. Play trains on past it.

/// Where playing pauses by itself, once per run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LessonEnd {
    /// The epoch to pause at; `None` once passed, or for a run that is not a lesson.
    at: Option<usize>,
    /// Playing paused itself here and nothing has moved the run since.
    reached: bool,
}

impl LessonEnd {
    pub fn new(at: Option<usize>) -> Self {
        LessonEnd { at, reached: false }
    }

    /// Play pressed at `epoch`: at or past the lesson's end, playing trains on without
    /// pausing again; before it, it still pauses there.
    pub fn play(&mut self, epoch: usize) {
        self.reached = false;
        if self.at.is_some_and(|at| at <= epoch) {
            self.at = None;
        }
    }

    /// Pause or a step: the run is the learner's to move now.
    pub fn release(&mut self) {
        self.reached = false;
    }

    /// How many of `most` epochs playing may train from `epoch` before the pause.
    pub fn room(&self, epoch: usize, most: usize) -> usize {
        match self.at {
            Some(at) => most.min(at.saturating_sub(epoch)),
            None => most,
        }
    }

    /// After training while playing: whether playing stops here, at the lesson's end.
    pub fn arrive(&mut self, epoch: usize) -> bool {
        if self.at.is_some_and(|at| epoch >= at) {
            self.at = None;
            self.reached = true;
            return true;
        }
        false
    }

    /// Whether the run stands paused at the lesson's end.
    pub fn reached(&self) -> bool {
        self.reached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playing_pauses_once_at_the_lessons_end_and_play_trains_on() {
        let mut end = LessonEnd::new(Some(100));
        assert_eq!(end.room(0, usize::MAX), 100);
        assert_eq!(end.room(60, 30), 30);
        assert!(!end.arrive(99));
        assert!(end.arrive(100) && end.reached());
        end.play(100);
        assert!(!end.reached());
        assert_eq!(end.room(100, 5000), 5000);
        assert!(!end.arrive(5100));
    }

    #[test]
    fn play_before_the_end_still_pauses_there() {
        let mut end = LessonEnd::new(Some(100));
        end.release();
        end.play(40);
        assert_eq!(end.room(40, usize::MAX), 60);
        assert!(end.arrive(100));
    }

    #[test]
    fn stepping_past_the_end_then_playing_does_not_pause() {
        let mut end = LessonEnd::new(Some(100));
        end.release();
        end.play(120);
        assert_eq!(end.room(120, 7), 7);
        assert!(!end.arrive(127) && !end.reached());
    }

    #[test]
    fn a_run_without_a_lesson_never_pauses() {
        let mut end = LessonEnd::new(None);
        assert_eq!(end.room(0, usize::MAX), usize::MAX);
        assert!(!end.arrive(1_000_000));
    }
}
