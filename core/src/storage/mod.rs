//! Storage engines of DDIA chapter 3 (hash-indexed log, LSM-tree, B-tree).
