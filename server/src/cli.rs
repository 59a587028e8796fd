//! The `vitrine` command line.

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "vitrine",
    version,
    about = "Vitrine store-floor CRM for jewelry chains"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database, then serve (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Load data sets.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
    /// Manage stores.
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Benchmarks (load generated data and print latency percentiles).
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Items from the ERP.
    Items {
        #[command(subcommand)]
        action: ItemsAction,
    },
    /// API tokens for the ERP sync endpoint.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// The SMS outbox.
    Sms {
        #[command(subcommand)]
        action: SmsAction,
    },
    /// Write a consistent backup of the database (safe while serving; encrypted when
    /// VITRINE_BACKUP_PASSPHRASE is set).
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore a backup into the database named by DATABASE_URL (the app must not be serving).
    Restore {
        #[arg(long)]
        from: std::path::PathBuf,
        /// Replace a database that already holds data.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum SmsAction {
    /// Print the newest messages of the outbox.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum ItemsAction {
    /// Upsert the rows of an ERP CSV file (good rows are imported, bad rows reported).
    Import {
        /// A UTF-8 CSV file with the importer's header row.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// Create a token (printed once; only its hash is stored).
    Add {
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by id.
    Revoke {
        #[arg(long)]
        id: i32,
    },
    /// List tokens (never their values).
    List,
}

#[derive(Subcommand, Debug)]
pub enum SeedWhat {
    /// Demo stores, accounts and dictionaries (idempotent).
    Demo {
        /// Only when the database has no staff yet.
        #[arg(long)]
        if_empty: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum StoreAction {
    Add(StoreAdd),
}

#[derive(Args, Debug)]
pub struct StoreAdd {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub city: String,
    #[arg(long)]
    pub address: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    #[arg(long, default_value = "Asia/Shanghai")]
    pub time_zone: String,
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    Add(UserAdd),
    /// Ends a sign-in lock on an account (the account's failed attempts are forgotten).
    Unlock {
        #[arg(long)]
        username: String,
    },
    /// Sets a new password (read from the first line of standard input), ends the account's
    /// sessions and its sign-in lock.
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Args, Debug)]
pub struct UserAdd {
    #[arg(long)]
    pub username: String,
    #[arg(long)]
    pub name: String,
    /// consultant | store_manager | head_office | admin
    #[arg(long)]
    pub role: String,
    /// The store's name (consultants and store managers).
    #[arg(long)]
    pub store: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

#[derive(Subcommand, Debug)]
pub enum BenchWhat {
    /// Write throughput: N bookings, one transaction each.
    Writes {
        #[arg(long, default_value_t = 2000)]
        rows: usize,
    },
    /// Phone-fragment and name search over N customers/reservations.
    Reservations {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long, default_value_t = 100)]
        queries: usize,
    },
    /// 4C search shapes over N generated items.
    Goods {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long, default_value_t = 100)]
        queries: usize,
    },
}
