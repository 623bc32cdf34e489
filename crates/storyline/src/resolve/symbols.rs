//! Numbered names for the entity index: each distinct folded name (surname
//! or given name) gets a small number once, with its spelling skeleton, so
//! comparing a mention with a candidate entity costs number comparisons and
//! at most a Jaro-Winkler, which a [`Memo`] remembers for two known names.
//! Knows nothing of entities.

use foldhash::HashMap;

use super::names;

/// Folded names by number, with their skeletons.
#[derive(Debug, Default)]
pub struct Names {
    ids: HashMap<String, u32>,
    texts: Vec<String>,
    skeletons: Vec<String>,
}

/// Most comparisons a [`Memo`] holds before it starts again.
const MEMO_MAX: usize = 1 << 18;

/// Remembered comparisons of two known names. A comparison is a pure
/// function of the pair, so forgetting (when the memo is full) changes no
/// result; it only keeps memory bounded.
#[derive(Debug, Default)]
pub struct Memo(HashMap<(u32, u32, bool), bool>);

impl Memo {
    fn remember(&mut self, key: Option<(u32, u32, bool)>, compare: impl FnOnce() -> bool) -> bool {
        let Some(key) = key else { return compare() };
        if let Some(&known) = self.0.get(&key) {
            return known;
        }
        let answer = compare();
        if self.0.len() >= MEMO_MAX {
            self.0.clear();
        }
        self.0.insert(key, answer);
        answer
    }
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
    pub fn close(&self, memo: &mut Memo, p: &Probe, n: u32) -> bool {
        p.id == Some(n)
            || memo.remember(p.id.map(|a| (a, n, false)), || {
                names::skeleton_similarity(&p.skeleton, &self.skeletons[n as usize]) >= names::CLOSE
            })
    }

    /// [`names::given_compatible`] of a probe and a known name.
    pub fn given_compatible(&self, memo: &mut Memo, p: &Probe, n: u32) -> bool {
        p.id == Some(n)
            || memo.remember(p.id.map(|a| (a, n, true)), || {
                let (text, skeleton) = (&self.texts[n as usize], &self.skeletons[n as usize]);
                names::given_compatible_skeletons(p.text, &p.skeleton, text, skeleton)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_compare_as_their_strings_do() {
        let mut n = Names::default();
        let m = &mut Memo::default();
        let volozhin = n.intern("volozhin");
        assert_eq!(n.intern("volozhin"), volozhin);
        let mohammed = n.intern("mohammed");
        let omar = n.intern("omar");
        let k = n.intern("k");
        assert!(n.close(m, &n.probe("volozjin"), volozhin));
        assert!(!n.close(m, &n.probe("austria"), volozhin));
        assert!(n.given_compatible(m, &n.probe("mohamed"), mohammed));
        assert!(n.given_compatible(m, &n.probe("kofi"), k));
        assert!(!n.given_compatible(m, &n.probe("abdourahamane"), omar));
        for (a, b) in [("mohamed", "mohammed"), ("omar", "abdourahamane"), ("k", "kofi")] {
            let id = n.intern(b);
            assert_eq!(n.given_compatible(m, &n.probe(a), id), names::given_compatible(a, b));
            // Asked again, the memo answers the same.
            assert_eq!(n.given_compatible(m, &n.probe(a), id), names::given_compatible(a, b));
        }
    }
}
