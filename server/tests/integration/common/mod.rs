//! Test harness: a real server on 127.0.0.1:0 over a fresh, migrated, demo-seeded database —
//! a SQLite file, or a new PostgreSQL database when `VITRINE_TEST_DB=postgres` (the test script
//! starts the PostgreSQL server and sets `VITRINE_TEST_PG_URL`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use reqwest::{header, redirect, Client, Response, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::Value;
use vitrine_server::{config::Config, db, seed, web};

pub const DEMO_PASSWORD: &str = "vitrine-demo";

pub struct TestApp {
    pub base: String,
    pub db: DatabaseConnection,
    pub db_url: String,
    _dir: Option<tempfile::TempDir>,
}

/// A visit `days` from now at noon in Shanghai (RFC 3339): within the demo stores' opening
/// hours (10:00–22:00), which the public booking paths keep to.
pub fn open_visit(days: i64) -> String {
    let zone = app::domain::time::Zone::Shanghai;
    let day = zone.date_of(chrono::Utc::now() + chrono::Duration::days(days));
    zone.to_utc(day.and_hms_opt(12, 0, 0).unwrap()).to_rfc3339()
}

pub fn backend() -> String {
    std::env::var("VITRINE_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    if backend() == "postgres" {
        let admin_url = std::env::var("VITRINE_TEST_PG_URL")
            .expect("VITRINE_TEST_PG_URL must point at the test PostgreSQL server");
        let name = format!("vitrine_test_{}", uuid_like());
        let admin = db::connect(&format!("{admin_url}/postgres"))
            .await
            .expect("pg admin");
        admin
            .execute_raw(Statement::from_string(
                admin.get_database_backend(),
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .expect("create database");
        (format!("{admin_url}/{name}"), None)
    } else {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/vitrine.db", dir.path().display());
        (url, Some(dir))
    }
}

fn uuid_like() -> String {
    use rand::RngCore;
    let mut b = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub fn test_config(db_url: &str) -> Config {
    Config {
        database_url: db_url.to_string(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        session: app::domain::session::SessionPolicy::default(),
        force_secure_cookies: false,
        body_limit: 2 * 1024 * 1024,
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_at(vitrine_server::clock::Clock::system()).await
    }

    /// An app whose services (and server functions) run on `clock`.
    pub async fn spawn_at(clock: vitrine_server::clock::Clock) -> TestApp {
        let (db_url, dir) = fresh_database().await;
        let conn = db::connect(&db_url).await.expect("connect");
        db::migrate(&conn).await.expect("migrate");
        seed::demo_foundation(&conn).await.expect("seed");
        let base = serve_at(conn.clone(), test_config(&db_url), clock).await;
        TestApp {
            base,
            db: conn,
            db_url,
            _dir: dir,
        }
    }

    /// A new app (new state, new port) over the same database: what a restart looks like.
    pub async fn restart(&self) -> TestApp {
        let conn = db::connect(&self.db_url).await.expect("connect");
        let base = serve(conn.clone(), test_config(&self.db_url)).await;
        TestApp {
            base,
            db: conn,
            db_url: self.db_url.clone(),
            _dir: None,
        }
    }

    /// A new app over another database (e.g. one restored from a backup).
    pub async fn restart_on(&self, db_url: &str) -> TestApp {
        let conn = db::connect(db_url).await.expect("connect");
        db::migrate(&conn).await.expect("migrate");
        let base = serve(conn.clone(), test_config(db_url)).await;
        TestApp {
            base,
            db: conn,
            db_url: db_url.to_string(),
            _dir: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A browser-like client with its own cookie jar that does not follow redirects. A request
    /// that gets no answer fails the test after a minute instead of hanging the whole run.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap()
    }

    pub async fn login_as(&self, username: &str) -> Client {
        let c = self.client();
        let res = self.login(&c, username, DEMO_PASSWORD).await;
        assert_eq!(location(&res), "/", "{username} should be signed in");
        c
    }

    pub async fn login(&self, c: &Client, username: &str, password: &str) -> Response {
        let res = c
            .post(self.url("/auth/login"))
            .form(&[("username", username), ("password", password), ("next", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        res
    }

    /// Calls a server function (`/api/<endpoint>`) with form-encoded arguments.
    pub async fn call(
        &self,
        c: &Client,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> Result<Value, Value> {
        let res = c
            .post(self.url(&format!("/api/{endpoint}")))
            .header(header::ACCEPT, "application/json")
            .form(args)
            .send()
            .await
            .unwrap();
        let ok = res.status().is_success();
        let body = res.text().await.unwrap();
        let v: Value = serde_json::from_str(&body).unwrap_or(Value::String(body));
        if ok {
            Ok(v)
        } else {
            Err(v)
        }
    }

    /// Calls a server function declared with `input = Json`.
    pub async fn call_json(
        &self,
        c: &Client,
        endpoint: &str,
        args: &Value,
    ) -> Result<Value, Value> {
        let res = c
            .post(self.url(&format!("/api/{endpoint}")))
            .header(header::ACCEPT, "application/json")
            .json(args)
            .send()
            .await
            .unwrap();
        let ok = res.status().is_success();
        let body = res.text().await.unwrap();
        let v: Value = serde_json::from_str(&body).unwrap_or(Value::String(body));
        if ok {
            Ok(v)
        } else {
            Err(v)
        }
    }

    /// The first column of the first row of `sql`, as text.
    pub async fn scalar_text(&self, sql: &str) -> String {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<String>(0).unwrap()
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }

    /// The body of a GET of `path` as `c` (any status; the caller asserts on the text).
    pub async fn text(&self, c: &Client, path: &str) -> String {
        c.get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn exec(&self, sql: &str) {
        self.db
            .execute_raw(Statement::from_string(
                self.db.get_database_backend(),
                sql.to_string(),
            ))
            .await
            .unwrap();
    }

    pub async fn staff_id(&self, username: &str) -> i32 {
        i32::try_from(
            self.scalar(&format!(
                "SELECT CAST(id AS BIGINT) FROM staff WHERE username = '{username}'"
            ))
            .await,
        )
        .unwrap()
    }
}

async fn serve(conn: DatabaseConnection, config: Config) -> String {
    serve_at(conn, config, vitrine_server::clock::Clock::system()).await
}

async fn serve_at(
    conn: DatabaseConnection,
    config: Config,
    clock: vitrine_server::clock::Clock,
) -> String {
    let router = web::router(web::state_with_clock(conn, config, clock));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        web::serve(listener, router, std::future::pending())
            .await
            .unwrap();
    });
    format!("http://{addr}")
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The cookie value of the session in a response's Set-Cookie header.
pub fn session_token(res: &Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vitrine_session=") && !v.contains("Max-Age=0"))
        .map(|v| {
            v["vitrine_session=".len()..]
                .split(';')
                .next()
                .unwrap_or_default()
                .to_string()
        })
}

pub const PAGE1: &[(&str, &str)] = &[
    ("req[page]", "1"),
    ("req[per_page]", "20"),
    ("req[sort]", ""),
    ("req[desc]", "false"),
];

/// The product's tables on the engine under test (not SQLite's own or the FTS shadow tables).
pub async fn tables(db: &DatabaseConnection) -> Vec<String> {
    use sea_orm::{FromQueryResult, JsonValue};
    let sql = if backend() == "postgres" {
        "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY 1"
    };
    JsonValue::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect()
}

/// Every table's row count and a SHA-256 of its rows in key order (tables in `skip` left out).
pub async fn fingerprint(db: &DatabaseConnection, skip: &[&str]) -> Vec<(String, usize, String)> {
    use sea_orm::{FromQueryResult, JsonValue};
    use sha2::{Digest, Sha256};
    let mut out = vec![];
    for t in tables(db).await {
        if skip.contains(&t.as_str()) {
            continue;
        }
        let rows = JsonValue::find_by_statement(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT * FROM \"{t}\" ORDER BY 1"),
        ))
        .all(db)
        .await
        .unwrap();
        let mut h = Sha256::new();
        for r in &rows {
            h.update(r.to_string().as_bytes());
        }
        out.push((t, rows.len(), hex::encode(h.finalize())));
    }
    out
}

/// A real `vitrine serve` process over a test app's database (several stateless app servers on
/// one database). The process is killed when this is dropped.
pub struct ServeProcess {
    pub app: TestApp,
    child: std::process::Child,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestApp {
    /// Starts `vitrine serve` on a free port over this app's database and waits until its
    /// readiness check (`/healthz`, which pings the database) answers.
    pub async fn serve_process(&self) -> ServeProcess {
        self.serve_process_logging_to(None).await
    }

    /// The same, its standard error (where panics are reported) written to `log`.
    pub async fn serve_process_logging_to(&self, log: Option<&std::path::Path>) -> ServeProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .arg("serve")
            .env("DATABASE_URL", &self.db_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("RUST_LOG", "warn")
            .env_remove("VITRINE_BACKUP_DIR")
            .stdin(std::process::Stdio::null())
            .stderr(match log {
                Some(path) => std::process::Stdio::from(std::fs::File::create(path).unwrap()),
                None => std::process::Stdio::inherit(),
            })
            .spawn()
            .expect("start vitrine serve");
        let served = ServeProcess {
            app: TestApp {
                base: format!("http://127.0.0.1:{port}"),
                db: self.db.clone(),
                db_url: self.db_url.clone(),
                _dir: None,
            },
            child,
        };
        let probe = served.app.client();
        let ready = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            loop {
                if let Ok(r) = probe.get(served.app.url("/healthz")).send().await {
                    if r.status() == StatusCode::OK {
                        return;
                    }
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        })
        .await;
        assert!(ready.is_ok(), "vitrine serve did not become ready");
        served
    }
}

impl TestApp {
    /// Books a visit at 上海旗舰店 for now, with the given consultant (`""` lets the store
    /// assign one), through the booking server function as the form sends it.
    pub async fn create_reservation(
        &self,
        c: &Client,
        name: &str,
        mobile: &str,
        consultant_id: &str,
    ) -> Result<Value, Value> {
        self.call(
            c,
            "reservations/create",
            &[
                ("input[name]", name),
                ("input[mobile]", mobile),
                ("input[store_id]", "1"),
                ("input[consultant_id]", consultant_id),
                ("input[visit_at]", ""),
                ("input[needs]", "订婚钻戒"),
                ("input[source]", ""),
                ("input[need_level]", ""),
            ],
        )
        .await
    }
}
