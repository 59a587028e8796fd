use anyhow::Context;
use app::domain::validate::{validate_staff, validate_store, FieldError};
use app::i18n::{Lang, Msg};
use app::model::{StaffInput, StoreInput};
use app::ports::{Actor, AdminPort};
use clap::Parser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::BufRead;
use std::net::SocketAddr;
use vitrine_server::cli::{BenchWhat, Cli, Command, SeedWhat, SmsAction, StoreAction, UserAction};
use vitrine_server::config::Config;
use vitrine_server::entities::store;
use vitrine_server::services::admin::AdminService;
use vitrine_server::{db, seed, web};

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.msg.text(Lang::En)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The command line acts as a system actor in the audit log.
fn cli_actor() -> Actor {
    Actor {
        user: app::model::CurrentUser {
            id: 0,
            username: "cli".into(),
            display_name: "cli".into(),
            role: app::domain::policy::Role::Admin,
            store_id: None,
            store_name: None,
            lang: Lang::ZhCn,
        },
        ip: "local".into(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    let conn = db::connect(&config.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url)))?;
    db::migrate(&conn).await.context("migrating")?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => println!("database is up to date"),
        Command::Serve => serve(conn, config).await?,
        Command::Seed {
            what: SeedWhat::Demo { if_empty },
        } => {
            if if_empty && seed::has_staff(&conn).await? {
                println!("database already has data; demo data not loaded");
            } else {
                let r = seed::demo(&conn).await?;
                println!(
                    "demo data: {} stores, {} staff, {} dictionary entries, {} reservations added",
                    r.stores, r.staff, r.dictionary, r.reservations
                );
            }
        }
        Command::Bench {
            what: BenchWhat::Reservations { rows, queries },
        } => {
            seed::demo_foundation(&conn).await?;
            vitrine_server::bench::run(conn, &config.database_url, rows, queries).await?;
        }
        Command::Sms {
            action: SmsAction::List { limit },
        } => {
            use sea_orm::{QueryOrder, QuerySelect};
            use vitrine_server::entities::sms_outbox;
            let rows = sms_outbox::Entity::find()
                .order_by_desc(sms_outbox::Column::Id)
                .limit(limit)
                .all(&conn)
                .await?;
            println!(
                "{:>6}  {:<8}  {:<11}  {:<16}  text",
                "id", "status", "to", "created (UTC+8)"
            );
            for m in rows {
                println!(
                    "{:>6}  {:<8}  {:<11}  {:<16}  {}",
                    m.id,
                    m.status,
                    m.to_mobile,
                    app::domain::time::format_local(m.created_at, "Asia/Shanghai"),
                    m.body
                );
            }
        }
        Command::Store {
            action: StoreAction::Add(a),
        } => {
            let valid = validate_store(&StoreInput {
                name: a.name,
                city: a.city,
                address: a.address,
                phone: a.phone,
                time_zone: a.time_zone,
            })
            .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let svc = AdminService { db: conn };
            let id = svc
                .create_store(&cli_actor(), valid)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message().text(Lang::En)))?;
            println!("store {id} created");
        }
        Command::User {
            action: UserAction::Add(a),
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let store_id = match &a.store {
                Some(name) => store::Entity::find()
                    .filter(store::Column::Name.eq(name.as_str()))
                    .one(&conn)
                    .await?
                    .map(|s| s.id.to_string())
                    .ok_or_else(|| anyhow::anyhow!("{}", Msg::ErrUnknownStore.text(Lang::En)))?,
                None => String::new(),
            };
            let valid = validate_staff(&StaffInput {
                username: a.username,
                display_name: a.name,
                role: a.role,
                store_id,
                password,
                lang: "zh-CN".into(),
            })
            .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let svc = AdminService { db: conn };
            let id = svc
                .create_staff(&cli_actor(), valid)
                .await
                .map_err(|e| match e {
                    app::error::AppError::Validation(f) => anyhow::anyhow!(describe(&f)),
                    other => anyhow::anyhow!("{}", other.message().text(Lang::En)),
                })?;
            println!("user {id} created");
        }
    }
    Ok(())
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}

async fn serve(conn: sea_orm::DatabaseConnection, config: Config) -> anyhow::Result<()> {
    let addr = config.site_addr;
    vitrine_server::sms::spawn_sender(conn.clone(), vitrine_server::sms::provider_from_env());
    let app = web::router(web::state(conn, config));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("Vitrine listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
