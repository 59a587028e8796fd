use anyhow::Context;
use app::domain::validate::{FieldError, ValidStaff, ValidStore};
use app::i18n::{Lang, Msg};
use app::model::{PageReq, StaffFilter};
use app::model::{StaffInput, StoreInput};
use app::ports::{Actor, AdminPort, ReservationPort};
use clap::Parser;
use std::io::BufRead;
use vitrine_server::cli::{
    BenchWhat, Cli, Command, ItemsAction, SeedWhat, SmsAction, StoreAction, TokenAction, UserAction,
};
use vitrine_server::clock::Clock;
use vitrine_server::config::Config;
use vitrine_server::live::Live;
use vitrine_server::services::Services;
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
    Actor::system(app::domain::policy::Role::Admin)
}

fn failed(e: app::error::AppError) -> anyhow::Error {
    match e {
        app::error::AppError::Validation(f) => anyhow::anyhow!(describe(&f)),
        other => anyhow::anyhow!("{}", other.message().text(Lang::En)),
    }
}

/// The staff id of a username, through the admin port.
async fn staff_id(svc: &Services, username: &str) -> anyhow::Result<i32> {
    let username = username.trim().to_lowercase();
    let filter = StaffFilter {
        q: username.clone(),
        ..Default::default()
    };
    let mut req = PageReq {
        per_page: 100,
        ..Default::default()
    };
    loop {
        let page = svc
            .admin
            .list_staff(filter.clone(), req.clone())
            .await
            .map_err(failed)?;
        if let Some(s) = page.items.iter().find(|s| s.username == username) {
            return Ok(s.id);
        }
        if req.page >= page.pages() {
            anyhow::bail!("no user {username}");
        }
        req.page += 1;
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let command = cli.command.unwrap_or(Command::Serve);
    // A restore replaces the database: it runs before anything holds it open.
    if let Command::Restore { from, force } = &command {
        vitrine_server::backup::restore_from(&config.database_url, from, *force).await?;
        let conn = db::connect(&config.database_url).await?;
        db::migrate(&conn)
            .await
            .context("migrating the restored database")?;
        println!(
            "restored {} into {}",
            from.display(),
            redact(&config.database_url)
        );
        return Ok(());
    }
    let conn = db::connect(&config.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url)))?;
    db::migrate(&conn).await.context("migrating")?;
    // Fresh connections, which read the planner statistics as the migration left them.
    conn.close().await?;
    let conn = db::connect(&config.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url)))?;
    // The CLI goes through the same services (and ports) as the web, as a system actor.
    let services = || Services::new(conn.clone(), Live::quiet(conn.clone()), Clock::system());
    match command {
        Command::Migrate => println!("database is up to date"),
        Command::Restore { .. } => {}
        Command::Backup { to } => {
            let bytes = vitrine_server::backup::backup_to(&conn, &config.database_url, &to).await?;
            println!("backup written to {} ({bytes} bytes)", to.display());
        }
        Command::Serve => serve(conn, config).await?,
        Command::Seed {
            what: SeedWhat::Demo { if_empty },
        } => {
            if if_empty && seed::has_staff(&conn).await? {
                println!("database already has data; demo data not loaded");
            } else {
                let r = seed::demo(&conn).await?;
                println!(
                    "demo data: {} stores, {} staff, {} dictionary entries, {} reservations, {} items added",
                    r.stores, r.staff, r.dictionary, r.reservations, r.items
                );
            }
        }
        Command::Bench {
            what: BenchWhat::Writes { rows },
        } => {
            seed::demo_foundation(&conn).await?;
            vitrine_server::bench::run_writes(conn, &config.database_url, rows).await?;
        }
        Command::Bench {
            what: BenchWhat::Goods { rows, queries },
        } => {
            seed::demo_foundation(&conn).await?;
            vitrine_server::bench_goods::run_goods(conn, rows, queries).await?;
        }
        Command::Bench {
            what: BenchWhat::Reservations { rows, queries },
        } => {
            seed::demo_foundation(&conn).await?;
            vitrine_server::bench::run(conn, &config.database_url, rows, queries).await?;
        }
        Command::Items {
            action: ItemsAction::Import { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let rows = vitrine_server::services::goods::parse_csv(&text)
                .map_err(|e| anyhow::anyhow!("{}", e.message().text(Lang::En)))?;
            let svc = services().goods;
            let total = rows.len();
            let started = std::time::Instant::now();
            let mut report = app::model::ImportReport::default();
            let mut done = 0usize;
            let mut rows = rows.into_iter();
            loop {
                let chunk: Vec<_> = rows.by_ref().take(5000).collect();
                if chunk.is_empty() {
                    break;
                }
                let n = chunk.len();
                let part = svc
                    .import_rows(Some(&cli_actor()), chunk, (done + 1) as u64)
                    .await
                    .map_err(failed)?;
                report.merge(part);
                done += n;
                eprintln!("{done}/{total} rows");
            }
            for r in &report.rejected {
                println!(
                    "rejected row {} ({}): {}",
                    r.row,
                    r.erp_id,
                    describe(&r.errors)
                );
            }
            for c in &report.conflicts {
                println!(
                    "kept local hold on {} (row {}): not applied: {}",
                    c.barcode, c.row, c.wanted
                );
            }
            println!(
                "{} rows imported ({} new, {} updated, {} unchanged), {} rejected, {} holds kept, in {:.1} s",
                report.accepted(),
                report.created,
                report.updated,
                report.unchanged,
                report.rejected.len(),
                report.conflicts.len(),
                started.elapsed().as_secs_f64()
            );
            if !report.rejected.is_empty() {
                std::process::exit(2);
            }
        }
        Command::Token { action } => match action {
            TokenAction::Add { name } => {
                let name = app::domain::validate::validate_token_name(&name)
                    .map_err(|e| anyhow::anyhow!("name: {}", e[0].msg.text(Lang::En)))?;
                let token = services()
                    .admin
                    .create_token(&cli_actor(), name)
                    .await
                    .map_err(failed)?;
                println!("{token}");
            }
            TokenAction::Revoke { id } => {
                services()
                    .admin
                    .revoke_token(&cli_actor(), id)
                    .await
                    .map_err(failed)?;
                println!("token {id} revoked");
            }
            TokenAction::List => {
                let svc = services();
                let mut req = PageReq::default();
                loop {
                    let page = svc.admin.list_tokens(req.clone()).await.map_err(failed)?;
                    for t in &page.items {
                        println!(
                            "{:>4}  {:<30}  created {}  {}",
                            t.id,
                            t.name,
                            app::domain::time::Zone::default().format(t.created_at),
                            if t.revoked_at.is_some() {
                                "revoked"
                            } else {
                                "active"
                            }
                        );
                    }
                    if req.page >= page.pages() {
                        break;
                    }
                    req.page += 1;
                }
            }
        },
        Command::Sms {
            action: SmsAction::List { limit },
        } => {
            // Through the reservations port, which masks the numbers (the CLI's output is a
            // bulk listing: it never carries full numbers).
            let page = services()
                .reservations
                .list_sms(PageReq {
                    per_page: limit.clamp(1, 500),
                    ..Default::default()
                })
                .await
                .map_err(failed)?;
            println!(
                "{:>6}  {:<8}  {:<11}  {:<16}  text",
                "id", "status", "to", "created (UTC+8)"
            );
            for m in page.items {
                println!(
                    "{:>6}  {:<8}  {:<11}  {:<16}  {}",
                    m.id,
                    m.status,
                    m.to_mobile,
                    app::domain::time::Zone::default().format(m.created_at),
                    m.body
                );
            }
        }
        Command::Store {
            action: StoreAction::Add(a),
        } => {
            let valid = ValidStore::try_from(&StoreInput {
                name: a.name,
                city: a.city,
                address: a.address,
                phone: a.phone,
                time_zone: a.time_zone,
                ..Default::default()
            })
            .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let id = services()
                .admin
                .create_store(&cli_actor(), valid)
                .await
                .map_err(failed)?;
            println!("store {id} created");
        }
        Command::User {
            action: UserAction::Add(a),
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let svc = services();
            let store_id = match &a.store {
                Some(name) => svc
                    .admin
                    .store_options()
                    .await
                    .map_err(failed)?
                    .into_iter()
                    .find(|s| s.name == *name)
                    .map(|s| s.id.to_string())
                    .ok_or_else(|| anyhow::anyhow!("{}", Msg::ErrUnknownStore.text(Lang::En)))?,
                None => String::new(),
            };
            let valid = ValidStaff::try_from(&StaffInput {
                username: a.username,
                display_name: a.name,
                role: a.role,
                store_id,
                password,
                lang: "zh-CN".into(),
            })
            .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let id = svc
                .admin
                .create_staff(&cli_actor(), valid)
                .await
                .map_err(failed)?;
            println!("user {id} created");
        }
        Command::User {
            action: UserAction::Unlock { username },
        } => {
            staff_id(&services(), &username).await?;
            vitrine_server::auth::login::unlock(&conn, &username).await?;
            println!("{username} unlocked");
        }
        Command::User {
            action: UserAction::ResetPassword { username, .. },
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            app::domain::validate::validate_password(&password)
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let svc = services();
            let id = staff_id(&svc, &username).await?;
            svc.admin
                .reset_password(&cli_actor(), id, password)
                .await
                .map_err(failed)?;
            vitrine_server::auth::login::unlock(&conn, &username).await?;
            println!("password of {username} reset; sessions ended; unlocked");
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
    vitrine_server::services::goods::spawn_expiry(conn.clone());
    vitrine_server::services::throttle::spawn_sweep(conn.clone());
    if let Some(schedule) = vitrine_server::backup::Schedule::from_env()? {
        tracing::info!(dir = %schedule.dir.display(), every = ?schedule.every, keep = schedule.keep, "scheduled backups on");
        vitrine_server::backup::spawn_scheduled(
            conn.clone(),
            config.database_url.clone(),
            schedule,
        );
    }
    let app = web::router(web::state(conn, config));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("Vitrine listening on http://{addr}");
    web::serve(listener, app, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
