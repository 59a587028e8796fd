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
    /// Too many requests of this kind from this person or address (HTTP 429).
    #[error("rate limited")]
    RateLimited,
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
            AppError::RateLimited => Msg::ErrRateLimited,
            AppError::Network(_) => Msg::ErrNetwork,
        }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::Internal => 500,
            AppError::Network(_) => 400,
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
