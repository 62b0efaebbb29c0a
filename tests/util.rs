//! A fresh folder per test, the binary, and the outputs parsed into rows.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed articles kept as fixtures.
pub fn seeds() -> PathBuf {
    repo().join("tests").join("fixtures").join("seeds")
}

/// A temporary folder with helpers to write inputs and run entgraph.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A command for the binary, run in the repository root so the shipped
    /// gazetteers are found.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_entgraph"));
        command.current_dir(repo());
        command
    }

    /// Runs `entgraph run ARGS --out <workdir>/out` and returns the output
    /// folder and the process output.
    pub fn run(&self, args: &[&str]) -> (PathBuf, Output) {
        let out = self.path().join("out");
        let output = self
            .command()
            .arg("run")
            .args(args)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        (out, output)
    }

    /// Runs `entgraph gazetteer check <workdir>/gaz ARGS`.
    pub fn check(&self, args: &[&OsStr]) -> Output {
        self.command()
            .args(["gazetteer", "check"])
            .arg(self.path().join("gaz"))
            .args(args)
            .output()
            .unwrap()
    }

    /// Like `run`, but asserts exit code 0.
    pub fn run_ok(&self, args: &[&str]) -> PathBuf {
        let (out, output) = self.run(args);
        assert!(
            output.status.success(),
            "entgraph failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        out
    }
}

/// A CSV file's rows as maps from column name to value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The header row of a CSV file.
pub fn header(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

/// Path to a seed fixture by its file name.
pub fn seed(name: &str) -> String {
    seeds().join(name).display().to_string()
}

/// `(surface, entity_id)` of each mention `entgraph match` finds in `text`,
/// with the options `args`.
pub fn mentions(dir: &Workdir, args: &[&str], text: &str) -> Vec<(String, String)> {
    let output = dir
        .command()
        .arg("match")
        .args(args)
        .arg(text)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                row["surface"].as_str().unwrap().to_string(),
                row["entity_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
