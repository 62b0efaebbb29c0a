//! The library's one error type.
//!
//! Every error that comes from bad input carries the path (and, where there is
//! one, the line) it was found at, so a user can go straight to it. Each
//! message is whole on one line: the cause of an I/O, CSV or JSON error is
//! part of its message, and so not also its `source()`, which a reporter
//! printing the chain would repeat.

use std::path::PathBuf;

/// A `Result` whose error is the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What can go wrong in entgraph.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read, written or renamed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        cause: std::io::Error,
    },
    /// A line of a gazetteer or language rules file is unusable.
    #[error("{}:{line}: {message}", path.display())]
    Line {
        /// The file holding the line.
        path: PathBuf,
        /// The 1-based line number.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// Several errors, each already tagged with its file and line.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// An option or argument that cannot be used.
    #[error("{0}")]
    Config(String),
    /// A CSV file could not be read or written.
    #[error("{}: {cause}", path.display())]
    Csv {
        /// The file concerned.
        path: PathBuf,
        /// The CSV library's error.
        cause: csv::Error,
    },
    /// A JSON file could not be written.
    #[error("{}: {cause}", path.display())]
    Json {
        /// The file concerned.
        path: PathBuf,
        /// The JSON library's error.
        cause: serde_json::Error,
    },
}

impl Error {
    /// An I/O error tagged with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            cause,
        }
    }

    /// An error found at a line of a file.
    pub fn line(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Error {
        Error::Line {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}
