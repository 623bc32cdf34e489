//! Extractors: facts found in one article (dates, entities, quotes, numbers).
//! Each is a pure function of the text and its analysis so far.
