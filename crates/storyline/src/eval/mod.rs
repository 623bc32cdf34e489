//! Evaluation against annotated corpora. Read only at evaluation time: no
//! test and no run-time path depends on these files.

pub mod quotes;
