//! The one error type that crosses the wire. Internal causes are logged on the server; the user
//! gets a clear message in their language.

use crate::domain::validate::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("conflict")]
    Conflict(Msg),
    #[error("internal error")]
    Internal,
    /// Transport problems (network down, bad response).
    #[error("network: {0}")]
    Network(String),
}

impl AppError {
    pub fn message(&self) -> Msg {
        match self {
            AppError::Unauthorized => Msg::ErrUnauthorized,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Validation(_) => Msg::ErrInvalidInput,
            AppError::Conflict(m) => *m,
            AppError::Internal => Msg::ErrInternal,
            AppError::Network(_) => Msg::ErrNetwork,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Validation(f) => f,
            _ => &[],
        }
    }

    pub fn field(field: &str, msg: Msg) -> AppError {
        AppError::Validation(vec![FieldError {
            field: field.to_string(),
            msg,
        }])
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Validation(Vec::new())
            }
            other => AppError::Network(other.to_string()),
        }
    }
}
