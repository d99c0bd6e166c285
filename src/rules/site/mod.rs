//! Site rules: facts that involve several files (output conflicts, data files, the
//! site's JavaScript).

pub mod invalid_data_file;
pub mod invalid_encoding;
pub mod javascript_failed;
pub mod limit_reached;
pub mod output_conflict;
