//! Store: embedded storage of documents, analyses and rejects.
