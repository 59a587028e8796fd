//! `/admin/backups`: whether scheduled backups are on, where they go, the RPO the schedule gives,
//! and every recorded run (time, size, encryption, the copy to the second folder, errors).

use crate::api::admin::backups;
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_zone;
use crate::components::pager::Pager;
use crate::components::require_role::RequirePermission;
use crate::domain::policy::Permission;
use crate::i18n::{t, use_i18n, Msg};
use crate::model::{BackupRow, BackupSchedule, PageReq};
use crate::pages::admin::msg::AdminMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/admin/backups";

#[component]
pub fn BackupsPage() -> impl IntoView {
    view! {
        <RequirePermission permission=Permission::ManageBackups>
            <Backups/>
        </RequirePermission>
    }
}

/// Bytes as KB/MB/GB with one decimal.
fn size(bytes: i64) -> String {
    let b = bytes.max(0) as f64;
    match b {
        b if b >= 1024.0 * 1024.0 * 1024.0 => format!("{:.1} GB", b / 1024.0 / 1024.0 / 1024.0),
        b if b >= 1024.0 * 1024.0 => format!("{:.1} MB", b / 1024.0 / 1024.0),
        b => format!("{:.1} KB", b / 1024.0),
    }
}

fn copy_msg(status: &str) -> Msg {
    match status {
        "none" => Msg::BackupCopyNone,
        "ok" => Msg::BackupCopyOk,
        "skipped" => Msg::BackupCopySkipped,
        _ => Msg::BackupCopyFailed,
    }
}

#[component]
fn Schedule(schedule: Option<BackupSchedule>) -> impl IntoView {
    match schedule {
        None => view! { <p class="alert alert-error" data-testid="backups-off">{t(AdminMsg::BackupsOff)}</p> }.into_any(),
        Some(s) => view! {
            <dl class="facts" data-testid="backup-schedule">
                <dt>{t(AdminMsg::BackupDir)}</dt><dd>{s.dir.clone()}</dd>
                <dt>{t(AdminMsg::BackupEvery)}</dt><dd>{s.every_minutes}" "{t(AdminMsg::Minutes)}</dd>
                <dt>{t(AdminMsg::BackupRpo)}</dt><dd data-testid="backup-rpo">{s.every_minutes}" "{t(AdminMsg::Minutes)}</dd>
                <dt>{t(AdminMsg::BackupKeep)}</dt><dd>{s.keep}</dd>
                <dt>{t(AdminMsg::BackupCopyDir)}</dt><dd>{s.copy_dir.clone().map(|d| d.into_any()).unwrap_or_else(|| t(Msg::BackupCopyNone).into_any())}</dd>
                <dt>{t(AdminMsg::BackupEncrypted)}</dt><dd>{if s.encrypted { t(AdminMsg::BackupEncrypted) } else { t(AdminMsg::BackupNotEncrypted) }}</dd>
            </dl>
        }.into_any(),
    }
}

#[component]
fn Run(r: BackupRow) -> impl IntoView {
    let i18n = use_i18n();
    let result = match &r.error {
        None => AdminMsg::BackupOk.text(i18n.0.get_untracked()).to_string(),
        Some(e) => e.clone(),
    };
    view! {
        <tr class:inactive=r.error.is_some()>
            <td data-label=t(Msg::When)>{use_zone().format(r.at)}</td>
            <td data-label=t(AdminMsg::BackupFile) class="wrap">{r.file.clone()}</td>
            <td data-label=t(AdminMsg::BackupSize)>{size(r.bytes)}</td>
            <td data-label=t(AdminMsg::BackupEncrypted)>{if r.encrypted { t(AdminMsg::BackupEncrypted) } else { t(AdminMsg::BackupNotEncrypted) }}</td>
            <td data-label=t(AdminMsg::BackupCopy)>{t(copy_msg(&r.copy_status))}</td>
            <td data-label=t(AdminMsg::BackupResult) class="wrap">{result}</td>
        </tr>
    }
}

#[component]
fn Backups() -> impl IntoView {
    let q = use_query_map();
    let req =
        Memo::new(move |_| q.with(|m| PageReq::from_query(m.get("page").as_deref(), None, None)));
    let data = Resource::new(move || req.get(), backups);
    view! {
        <Title text=crate::i18n::title(Msg::NavBackups)/>
        <section class="page">
            <h1>{t(Msg::NavBackups)}</h1>
            <p class="muted">{t(AdminMsg::BackupsIntro)}</p>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(o) => {
                            let pages = o.runs.pages();
                            let (page, total) = (o.runs.page, o.runs.total);
                            let empty = o.runs.items.is_empty();
                            view! {
                                <Schedule schedule=o.schedule.clone()/>
                                <div class="table-wrap"><table class="table cards-on-phone" data-testid="backups-table">
                                    <thead><tr>
                                        <th>{t(Msg::When)}</th><th>{t(AdminMsg::BackupFile)}</th><th>{t(AdminMsg::BackupSize)}</th>
                                        <th>{t(AdminMsg::BackupEncrypted)}</th><th>{t(AdminMsg::BackupCopy)}</th><th>{t(AdminMsg::BackupResult)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {empty.then(|| view! { <tr><td colspan="6" class="muted">{t(AdminMsg::NoBackupsYet)}</td></tr> })}
                                        {o.runs.items.into_iter().map(|r| view! { <Run r/> }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager page pages total path=PATH keep=vec![]/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
