//! `--directory DIR` (gc's `--directory`): one request per `.json`, `.yaml` or `.yml` file of a directory, in the
//! order of the files' names.

use std::path::{Path, PathBuf};

use crate::body::{MAX_BODY, read_at_most};
use crate::cli_error::CliError;

/// Whether `path` names a body file: `.json`, `.yaml` or `.yml`, in any case.
fn is_body_file(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            ["json", "yaml", "yml"]
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

/// The body files of `dir` (not of its subdirectories), sorted by name; an error when there are none.
pub(crate) fn files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let unreadable = |error: std::io::Error| {
        CliError::usage(format!(
            "cannot read --directory {}: {error}",
            dir.display()
        ))
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        // `metadata` follows symbolic links: a link to a body file counts, a link to a directory does not.
        if is_body_file(&path) && std::fs::metadata(&path).is_ok_and(|meta| meta.is_file()) {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(CliError::usage(format!(
            "--directory {} holds no .json, .yaml or .yml file",
            dir.display()
        )));
    }
    // By file name, as `ls` sorts in the C locale, so that `01-…`, `02-…` run in that order.
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// The bytes of one body file, up to the body limit.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::File::open(path)
        .and_then(|file| read_at_most(file, MAX_BODY))
        .map_err(|error| CliError::usage(format!("cannot read it: {error}")))?
        .ok_or_else(|| {
            CliError::usage(format!(
                "it is larger than {} MiB, the most a request body may be",
                MAX_BODY / (1024 * 1024)
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_files_are_listed_by_name_and_others_skipped() {
        let dir = std::env::temp_dir().join(format!("genesys-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub.json")).unwrap();
        for name in [
            "b.yaml",
            "a.json",
            "c.YML",
            "notes.txt",
            "10.json",
            "2.json",
        ] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let names: Vec<String> = files(&dir)
            .unwrap()
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["10.json", "2.json", "a.json", "b.yaml", "c.YML"]);
        assert!(read(&dir.join("a.json")).is_ok());
        std::fs::remove_dir_all(dir.join("sub.json")).unwrap();
        for name in ["b.yaml", "a.json", "c.YML", "10.json", "2.json"] {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        let error = files(&dir).unwrap_err();
        assert!(error.line(&[]).contains("holds no"), "{}", error.line(&[]));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(files(&dir).is_err());
    }
}
