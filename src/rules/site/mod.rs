//! Site rules: facts that involve several files (output conflicts, data files).

pub mod invalid_data_file;
pub mod invalid_encoding;
pub mod output_conflict;
