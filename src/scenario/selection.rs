//! What the learner has chosen: a scenario, its remedies, raw setting edits on top, and
//! the seed. This (not a whole Config) is the state a page restores and a link encodes.

use super::catalog;
use super::config::Config;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub scenario: Option<&'static str>,
    /// Remedy ids, kept in catalog order so the result does not depend on click order.
    pub remedies: Vec<&'static str>,
    /// Raw setting edits `(path, value)` applied after the scenario and remedies.
    pub overrides: Vec<(String, String)>,
    pub seed: u64,
}

impl Selection {
    pub fn new(scenario: Option<&str>, seed: u64) -> Result<Self, String> {
        let scenario = scenario
            .map(|id| catalog::find(id).map(|s| s.id))
            .transpose()?;
        Ok(Selection {
            scenario,
            remedies: Vec::new(),
            overrides: Vec::new(),
            seed,
        })
    }

    /// The config this selection describes.
    pub fn config(&self) -> Result<Config, String> {
        let mut config = match self.scenario {
            Some(id) => catalog::find(id)?.config(&self.remedies, self.seed)?,
            None => Config {
                seed: self.seed,
                ..Config::default()
            },
        };
        for (path, value) in &self.overrides {
            config.set(path, value)?;
        }
        Ok(config)
    }

    /// A changed raw setting keeps the scenario and marks it modified.
    pub fn modified(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// Picks a scenario (or none), dropping remedies and edits made for the previous one.
    pub fn choose_scenario(&mut self, id: Option<&str>) -> Result<(), String> {
        let next = Selection::new(id, self.seed)?;
        *self = next;
        Ok(())
    }

    /// Turns a remedy on or off; an id the scenario does not have is an error.
    pub fn set_remedy(&mut self, id: &str, on: bool) -> Result<(), String> {
        let scenario = catalog::find(self.scenario.ok_or("no scenario is selected")?)?;
        let remedy = scenario
            .remedy(id)
            .ok_or_else(|| format!("scenario '{}' has no remedy '{id}'", scenario.id))?;
        self.remedies.retain(|r| *r != remedy.id);
        if on {
            self.remedies.push(remedy.id);
            let order = |r: &&str| scenario.remedies.iter().position(|x| x.id == *r);
            self.remedies.sort_by_key(order);
        }
        self.check()
    }

    /// Records a raw setting edit after checking that the result is valid; on error
    /// nothing changes.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), String> {
        let before = self.overrides.clone();
        self.overrides.retain(|(p, _)| p != path);
        self.overrides.push((path.to_string(), value.to_string()));
        self.check().inspect_err(|_| self.overrides = before)
    }

    pub fn set_seed(&mut self, seed: u64) -> Result<(), String> {
        let before = self.seed;
        self.seed = seed;
        self.check().inspect_err(|_| self.seed = before)
    }

    fn check(&self) -> Result<(), String> {
        self.config().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remedies_apply_in_catalog_order_whatever_the_click_order() {
        let mut a = Selection::new(Some("sigmoid-stack"), 3).unwrap();
        a.set_remedy("he-init", true).unwrap();
        a.set_remedy("relu", true).unwrap();
        let mut b = Selection::new(Some("sigmoid-stack"), 3).unwrap();
        b.set_remedy("relu", true).unwrap();
        b.set_remedy("he-init", true).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.remedies, vec!["relu", "he-init"]);
        a.set_remedy("relu", false).unwrap();
        assert_eq!(a.remedies, vec!["he-init"]);
    }

    #[test]
    fn a_raw_edit_marks_modified_and_a_bad_one_changes_nothing() {
        let mut s = Selection::new(Some("lr-too-high"), 1).unwrap();
        assert!(!s.modified());
        s.set("train.learning_rate", "0.5").unwrap();
        assert!(s.modified());
        assert_eq!(s.config().unwrap().train.learning_rate, 0.5);
        let err = s.set("train.learning_rate", "-1").unwrap_err();
        assert!(err.contains("train.learning_rate"), "{err}");
        assert_eq!(s.config().unwrap().train.learning_rate, 0.5);
        assert!(s.set("train.nonsense", "1").is_err());
        assert_eq!(s.overrides.len(), 1);
    }

    #[test]
    fn unknown_scenarios_and_remedies_are_errors() {
        assert!(Selection::new(Some("nope"), 1).is_err());
        let mut s = Selection::new(Some("zero-init"), 1).unwrap();
        assert!(s
            .set_remedy("relu", true)
            .unwrap_err()
            .contains("zero-init"));
        assert!(Selection::new(None, 1)
            .unwrap()
            .set_remedy("relu", true)
            .is_err());
        assert!(s.set_seed(u64::MAX).is_err());
        assert_eq!(s.seed, 1);
    }

    #[test]
    fn choosing_a_scenario_drops_previous_remedies_and_edits() {
        let mut s = Selection::new(Some("sigmoid-stack"), 9).unwrap();
        s.set_remedy("relu", true).unwrap();
        s.set("train.l2", "0.1").unwrap();
        s.choose_scenario(Some("zero-init")).unwrap();
        assert!(s.remedies.is_empty() && !s.modified());
        assert_eq!(s.seed, 9);
    }
}
