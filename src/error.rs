//! Error values shown once at the top level (exit code 2 for bad input, 1 for runtime).

use std::fmt;

/// Bad input: names file, line, column and field path (CONTRACT.md exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// File the input came from (or `<command line>`).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Field path such as `alternatives[1].parcels[0].far_pct`.
    pub field: String,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if self.field.is_empty() {
            write!(f, ": {}", self.message)
        } else {
            write!(f, ": field `{}`: {}", self.field, self.message)
        }
    }
}

/// Any kukaku error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Invalid input or usage (exit code 2).
    #[error("{0}")]
    Input(Box<InputError>),
    /// Usage error without a file (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Runtime failure such as an unwritable output folder (exit code 1).
    #[error("{0}")]
    Runtime(String),
}

impl Error {
    /// Process exit code per CONTRACT.md.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Runtime(_) => 1,
        }
    }

    /// Build an input error.
    pub fn input(
        file: impl Into<String>,
        line: Option<usize>,
        column: Option<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Input(Box::new(InputError {
            file: file.into(),
            line,
            column,
            field: field.into(),
            message: message.into(),
        }))
    }
}

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;
