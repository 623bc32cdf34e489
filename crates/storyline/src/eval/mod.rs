//! Evaluation against annotated corpora and public benchmarks: readers,
//! scoring, and the training recipes that use them. Used at development
//! time only; nothing here runs during analysis.

pub mod entities;
pub mod ner;
pub mod timex;
