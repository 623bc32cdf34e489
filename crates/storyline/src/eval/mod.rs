//! Evaluation against public benchmarks: readers for the shared corpora,
//! scoring, and the training recipes that use them. Not used at run time.

pub mod entities;
pub mod ner;
