//! Numbered names for the entity index: each distinct folded name (surname
//! or given name) gets a small number once, with its spelling skeleton, so
//! comparing a mention with a candidate entity costs number comparisons and
//! at most a Jaro-Winkler, not string allocations. Knows nothing of entities.

use std::collections::HashMap;

use super::names;

/// Folded names by number, with their skeletons.
#[derive(Debug, Default)]
pub struct Names {
    ids: HashMap<String, u32>,
    texts: Vec<String>,
    skeletons: Vec<String>,
}

/// A name as a lookup holds it: its number if the index knows it, its text and skeleton.
#[derive(Debug)]
pub struct Probe<'a> {
    pub id: Option<u32>,
    pub text: &'a str,
    pub skeleton: String,
}

impl Names {
    /// The number of a name, given one when it is new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = u32::try_from(self.texts.len()).expect("fewer than 2^32 distinct names");
        self.ids.insert(name.to_string(), i);
        self.texts.push(name.to_string());
        self.skeletons.push(names::skeleton(name));
        i
    }

    /// A name to compare with known ones (nothing is added).
    pub fn probe<'a>(&self, name: &'a str) -> Probe<'a> {
        Probe { id: self.ids.get(name).copied(), text: name, skeleton: names::skeleton(name) }
    }

    /// [`names::similarity`] of a probe and a known name is at least [`names::CLOSE`].
    pub fn close(&self, p: &Probe, n: u32) -> bool {
        p.id == Some(n) || names::skeleton_similarity(&p.skeleton, &self.skeletons[n as usize]) >= names::CLOSE
    }

    /// [`names::given_compatible`] of a probe and a known name.
    pub fn given_compatible(&self, p: &Probe, n: u32) -> bool {
        p.id == Some(n)
            || names::given_compatible_skeletons(p.text, &p.skeleton, &self.texts[n as usize], &self.skeletons[n as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_compare_as_their_strings_do() {
        let mut n = Names::default();
        let volozhin = n.intern("volozhin");
        assert_eq!(n.intern("volozhin"), volozhin);
        let mohammed = n.intern("mohammed");
        let omar = n.intern("omar");
        let k = n.intern("k");
        assert!(n.close(&n.probe("volozjin"), volozhin));
        assert!(!n.close(&n.probe("austria"), volozhin));
        assert!(n.given_compatible(&n.probe("mohamed"), mohammed));
        assert!(n.given_compatible(&n.probe("kofi"), k));
        assert!(!n.given_compatible(&n.probe("abdourahamane"), omar));
        for (a, b) in [("mohamed", "mohammed"), ("omar", "abdourahamane"), ("k", "kofi")] {
            let id = n.intern(b);
            assert_eq!(n.given_compatible(&n.probe(a), id), names::given_compatible(a, b));
        }
    }
}
