//! Story view tests: invented reports run through the whole pipeline.
