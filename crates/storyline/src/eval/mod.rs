//! Evaluation against annotated corpora: each scorer reads a standard
//! format from a directory and returns a report that prints itself.
//! Used at development time only; nothing here runs during analysis
//! (the NER module also holds the training recipes that read the corpora).

pub mod entities;
pub mod expected_dates;
pub mod ner;
pub mod timex;
pub mod quotes;
