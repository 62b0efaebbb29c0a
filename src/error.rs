//! The library's one error type.
//!
//! Every error that comes from bad input carries the path (and, where there is
//! one, the line) it was found at, so a user can go straight to it.

use std::path::PathBuf;

/// A `Result` whose error is the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What can go wrong in entgraph.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read, written or renamed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
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
    #[error("{}: {source}", path.display())]
    Csv {
        /// The file concerned.
        path: PathBuf,
        /// The CSV library's error.
        source: csv::Error,
    },
    /// A JSON file could not be written.
    #[error("{}: {source}", path.display())]
    Json {
        /// The file concerned.
        path: PathBuf,
        /// The JSON library's error.
        source: serde_json::Error,
    },
    /// The GraphML writer failed.
    #[error("{}: {source}", path.display())]
    Xml {
        /// The file concerned.
        path: PathBuf,
        /// The XML library's error.
        source: quick_xml::Error,
    },
}

impl Error {
    /// An I/O error tagged with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
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
