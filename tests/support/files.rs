//! File helpers the integration tests share, written once.

#![allow(
    dead_code,
    reason = "each test crate includes this file and uses a part of it"
)]

use std::path::Path;

/// Copies the folder `from` into `to` (created), recursively: a fixture into a temporary
/// folder that a test may change.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The site model of the fixture folder `fixture` as Eleventy `version` builds it: a copy
/// whose package.json asks for that version.
pub(crate) fn load_as_version(fixture: &Path, version: u8) -> vigie::site::Site {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(fixture, dir.path());
    let package = format!(r#"{{ "devDependencies": {{ "@11ty/eleventy": "^{version}.0.0" }} }}"#);
    std::fs::write(dir.path().join("package.json"), package).unwrap();
    let (site, _) = vigie::load(dir.path(), None).unwrap();
    assert_eq!(site.settings.eleventy.version, version);
    site
}
