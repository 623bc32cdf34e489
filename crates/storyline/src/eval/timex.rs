//! Scores the date tagger on TimeML `.tml` files with the TempEval-3
//! measures: extent precision, recall and F1 (strict: exact span; relaxed:
//! overlap), value F1 and type accuracy (over relaxed matches).
//!
//! Each file's creation time (DCT) is the anchor; the tagger runs on the
//! plain text of its `TEXT` element, read as English. Files are grouped into
//! corpora by the folder they sit in.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use quick_xml::{Reader, XmlVersion};
use quick_xml::events::Event;

use crate::extract::dates::{self, Timex};
use crate::lang::Lang;
use crate::text::Sentence;

/// An annotated expression: byte span in the plain text, type and value.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// One TimeML document: its plain text, creation date and annotations.
#[derive(Debug, Clone)]
pub struct TimemlDoc {
    pub text: String,
    pub dct: Option<Date>,
    pub timexes: Vec<GoldTimex>,
}

/// An error reading the evaluation data.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0}: {1}")]
    Xml(PathBuf, String),
    #[error("no .tml files under {0}")]
    Empty(PathBuf),
}

/// Parses a TimeML document.
pub fn parse_timeml(xml: &str) -> Result<TimemlDoc, String> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut timexes = Vec::new();
    let mut dct = None;
    let mut in_text = false;
    let mut in_dct = false;
    let mut open: Option<(usize, String, String)> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                "TEXT" => in_text = true,
                "DCT" => in_dct = true,
                "TIMEX3" => {
                    let attr = |name: &str| -> String {
                        e.try_get_attribute(name)
                            .ok()
                            .flatten()
                            .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
                            .unwrap_or_default()
                    };
                    if in_dct {
                        dct = attr("value").get(..10).and_then(|d| d.parse().ok());
                    } else if in_text {
                        open = Some((text.len(), attr("type"), attr("value")));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "TEXT" => in_text = false,
                "DCT" => in_dct = false,
                "TIMEX3" => {
                    if let Some((start, kind, value)) = open.take() {
                        timexes.push(GoldTimex { start, end: text.len(), kind, value });
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => text.push_str(&t),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or(""));
                }
            }
            _ => {}
        }
    }
    Ok(TimemlDoc { text, dct, timexes })
}

/// Counts for one group of documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub documents: usize,
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub value: usize,
    pub kind: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.documents += o.documents;
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.value += o.value;
        self.kind += o.kind;
    }
    /// Strict extent (precision, recall, F1).
    pub fn strict_prf(&self) -> (f64, f64, f64) {
        let (p, r) = (ratio(self.strict, self.system), ratio(self.strict, self.gold));
        (p, r, f1(p, r))
    }
    /// Relaxed extent (precision, recall, F1).
    pub fn relaxed_prf(&self) -> (f64, f64, f64) {
        let (p, r) = (ratio(self.relaxed, self.system), ratio(self.relaxed, self.gold));
        (p, r, f1(p, r))
    }
    /// Value F1: a relaxed match with the right value counts.
    pub fn value_f1(&self) -> f64 {
        f1(ratio(self.value, self.system), ratio(self.value, self.gold))
    }
    /// Type F1 (TempEval-3 attribute F1) and accuracy over relaxed matches.
    pub fn type_f1(&self) -> f64 {
        f1(ratio(self.kind, self.system), ratio(self.kind, self.gold))
    }
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.kind, self.relaxed)
    }
}

/// A difference between the tagger and the annotation, for tuning.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub file: String,
    /// `missed`, `spurious`, `extent`, `value` or `type`.
    pub what: &'static str,
    pub gold: String,
    pub system: String,
    /// The text around the expression (before ⟨…⟩ after), for reading the error.
    pub context: String,
}

/// The evaluation report: overall and per corpus.
#[derive(Debug, Clone, Default)]
pub struct TimexReport {
    pub overall: Counts,
    pub corpora: BTreeMap<String, Counts>,
    pub mismatches: Vec<Mismatch>,
}

/// Compares the tagger's output with a document's annotations.
pub fn score(doc: &TimemlDoc, system: &[Timex], file: &str, mismatches: &mut Vec<Mismatch>) -> Counts {
    let mut c = Counts { documents: 1, gold: doc.timexes.len(), system: system.len(), ..Counts::default() };
    let mut used = vec![false; system.len()];
    let show_gold = |g: &GoldTimex| format!("{:?} {} {}", &doc.text[g.start..g.end], g.kind, g.value);
    let show_sys = |s: &Timex| format!("{:?} {} {}", s.text, s.kind.as_str(), s.value);
    // The text before an expression and, after a marker, a little after it.
    let context = |at: usize, end: usize| {
        let mut from = at.saturating_sub(80);
        while !doc.text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = (end + 40).min(doc.text.len());
        while !doc.text.is_char_boundary(to) {
            to -= 1;
        }
        format!("{} ⟨…⟩ {}", &doc.text[from..at], &doc.text[end..to]).replace(['\n', '\t'], " ")
    };
    for g in &doc.timexes {
        let hit = system
            .iter()
            .enumerate()
            .filter(|(i, s)| !used[*i] && s.start < g.end && g.start < s.end)
            .max_by_key(|(_, s)| (s.start == g.start && s.end == g.end, s.end.min(g.end) - s.start.max(g.start)))
            .map(|(i, _)| i);
        let Some(i) = hit else {
            mismatches.push(Mismatch {
                file: file.into(),
                what: "missed",
                gold: show_gold(g),
                system: String::new(),
                context: context(g.start, g.end),
            });
            continue;
        };
        used[i] = true;
        let s = &system[i];
        c.relaxed += 1;
        let exact = s.start == g.start && s.end == g.end;
        if exact {
            c.strict += 1;
        } else {
            mismatches.push(Mismatch {
                file: file.into(),
                what: "extent",
                gold: show_gold(g),
                system: show_sys(s),
                context: context(g.start, g.end),
            });
        }
        if s.value == g.value {
            c.value += 1;
        } else {
            mismatches.push(Mismatch {
                file: file.into(),
                what: "value",
                gold: show_gold(g),
                system: show_sys(s),
                context: context(g.start, g.end),
            });
        }
        if s.kind.as_str() == g.kind {
            c.kind += 1;
        } else {
            mismatches.push(Mismatch {
                file: file.into(),
                what: "type",
                gold: show_gold(g),
                system: show_sys(s),
                context: context(g.start, g.end),
            });
        }
    }
    for (i, s) in system.iter().enumerate() {
        if !used[i] {
            mismatches.push(Mismatch {
                file: file.into(),
                what: "spurious",
                gold: String::new(),
                system: show_sys(s),
                context: context(s.start, s.end),
            });
        }
    }
    c
}

fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError::Io(dir.into(), e))?;
    for entry in entries {
        let path = entry.map_err(|e| EvalError::Io(dir.into(), e))?.path();
        if path.is_dir() {
            tml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Runs the tagger over every `.tml` file under `dir` and scores it.
pub fn evaluate(dir: &Path) -> Result<TimexReport, EvalError> {
    evaluate_paths(&[dir.to_path_buf()])
}

/// Runs the tagger over the given `.tml` files and every `.tml` file under
/// the given folders, and scores it.
pub fn evaluate_paths(paths: &[PathBuf]) -> Result<TimexReport, EvalError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            tml_files(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(EvalError::Io(path.clone(), std::io::ErrorKind::NotFound.into()));
        }
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err(EvalError::Empty(paths.first().cloned().unwrap_or_default()));
    }
    let mut report = TimexReport::default();
    for path in files {
        let xml = std::fs::read_to_string(&path).map_err(|e| EvalError::Io(path.clone(), e))?;
        let doc = parse_timeml(&xml).map_err(|e| EvalError::Xml(path.clone(), e))?;
        let sentences = [Sentence { start: 0, end: doc.text.len(), language: Lang::EN }];
        let system = dates::tag(&doc.text, &sentences, doc.dct);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let counts = score(&doc, &system, &name, &mut report.mismatches);
        let corpus = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        report.overall.add(&counts);
        report.corpora.entry(corpus).or_default().add(&counts);
    }
    Ok(report)
}

fn row(f: &mut fmt::Formatter<'_>, name: &str, c: &Counts) -> fmt::Result {
    let (sp, sr, sf) = c.strict_prf();
    let (rp, rr, rf) = c.relaxed_prf();
    writeln!(
        f,
        "{name:<10} {:>5} {:>5} {:>5} | {:>5.1} {:>5.1} {:>5.1} | {:>5.1} {:>5.1} {:>5.1} | {:>6.1} | {:>6.1} {:>6.1}",
        c.documents,
        c.gold,
        c.system,
        100.0 * sp,
        100.0 * sr,
        100.0 * sf,
        100.0 * rp,
        100.0 * rr,
        100.0 * rf,
        100.0 * c.value_f1(),
        100.0 * c.type_f1(),
        100.0 * c.type_accuracy(),
    )
}

impl fmt::Display for TimexReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>5} {:>5} {:>5} | {:^17} | {:^17} | {:>6} | {:>6} {:>6}",
            "corpus", "docs", "gold", "sys", "strict P R F1", "relaxed P R F1", "value", "typeF1", "typeAc"
        )?;
        for (name, c) in &self.corpora {
            row(f, name, c)?;
        }
        row(f, "overall", &self.overall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2031-03-14" functionInDocument="CREATION_TIME">March 14, 2031</TIMEX3></DCT>
<TEXT>The bridge &amp; tunnel reopened <TIMEX3 tid="t1" type="DATE" value="2031-03-13">yesterday</TIMEX3>, <EVENT eid="e1">after</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3> of work.</TEXT></TimeML>"#;

    #[test]
    fn timeml_parses_to_plain_text_with_spans() {
        let doc = parse_timeml(DOC).unwrap();
        assert_eq!(doc.dct, Some("2031-03-14".parse().unwrap()));
        assert!(doc.text.starts_with("The bridge & tunnel"));
        let t = &doc.timexes[0];
        assert_eq!(&doc.text[t.start..t.end], "yesterday");
        assert_eq!(doc.timexes[1].value, "P2Y");
    }

    #[test]
    fn the_tagger_scores_on_a_small_document() {
        let doc = parse_timeml(DOC).unwrap();
        let sentences = [Sentence { start: 0, end: doc.text.len(), language: Lang::EN }];
        let system = dates::tag(&doc.text, &sentences, doc.dct);
        let mut m = Vec::new();
        let c = score(&doc, &system, "x", &mut m);
        assert_eq!((c.gold, c.strict, c.value, c.kind), (2, 2, 2, 2), "{m:?}");
    }
}
