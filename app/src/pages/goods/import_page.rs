use crate::components::error_note::ErrorNote;
use crate::components::layout::use_user;
use crate::domain::policy::{allows, Permission};
use crate::error::AppError;
use crate::i18n::{fill, t, use_i18n, Msg};
use crate::model::ImportReport;
use crate::pages::goods::msg::GoodsMsg;
use leptos::prelude::*;
use leptos_meta::Title;

/// Records sent per request: small enough for the body limit and a smooth progress bar.
pub const CHUNK_RECORDS: usize = 500;

/// ERP file import: the browser reads the CSV, sends it in chunks of whole records (the server
/// parses and upserts each chunk in its own transactions), shows progress, then the report:
/// good rows are imported, bad rows are listed with their reasons and change nothing.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let allowed = use_user().is_some_and(|u| allows(u.role, Permission::ImportItems));
    if !allowed {
        return view! { <crate::components::require_role::Forbidden/> }.into_any();
    }
    let progress = RwSignal::new(None::<(usize, usize)>);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let on_file = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = _ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            busy.set(true);
            report.set(None);
            error.set(None);
            leptos::task::spawn_local(async move {
                let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(v) => v.as_string().unwrap_or_default(),
                    Err(_) => String::new(),
                };
                run_import(text, progress, report, error).await;
                busy.set(false);
            });
        }
    };
    view! {
        <Title text=crate::i18n::title(Msg::NavImport)/>
        <section class="page narrow">
            <h1>{t(Msg::NavImport)}</h1>
            <p class="muted">{t(GoodsMsg::ImportHint)}</p>
            <div class="field">
                <label for="import-file">{t(GoodsMsg::ImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" data-testid="import-file" on:change=on_file disabled=move || busy.get()/>
            </div>
            {move || progress.get().map(|(done, total)| view! {
                <progress data-testid="import-progress" max=total.max(1) value=done></progress>
                <p class="muted">{fill(GoodsMsg::ImportProgress.text(i18n.lang()), &[("done", done.to_string()), ("total", total.to_string())])}</p>
            })}
            <ErrorNote error=Signal::derive(move || error.get())/>
            {move || report.get().map(|r| view! { <Report r/> })}
        </section>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
async fn run_import(
    text: String,
    progress: RwSignal<Option<(usize, usize)>>,
    report: RwSignal<Option<ImportReport>>,
    error: RwSignal<Option<AppError>>,
) {
    let records = crate::domain::csv::split_records(&text);
    let Some((header, body)) = records.split_first() else {
        error.set(Some(AppError::field("file", Msg::ErrCsvHeader)));
        return;
    };
    let total = body.len();
    let mut all = ImportReport::default();
    progress.set(Some((0, total)));
    for (n, chunk) in body.chunks(CHUNK_RECORDS).enumerate() {
        let mut csv = String::from(*header);
        for rec in chunk {
            csv.push('\n');
            csv.push_str(rec);
        }
        let first_row = (n * CHUNK_RECORDS + 1) as u64;
        match crate::api::goods::import_items(csv, first_row).await {
            Ok(part) => all.merge(part),
            Err(e) => {
                error.set(Some(e));
                break;
            }
        }
        progress.set(Some(((n * CHUNK_RECORDS + chunk.len()).min(total), total)));
    }
    report.set(Some(all));
}

#[component]
fn Report(r: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let rejected = r.rejected.clone();
    let conflicts = r.conflicts.clone();
    let summary = move || {
        fill(
            GoodsMsg::ImportSummary.text(i18n.lang()),
            &[
                ("accepted", r.accepted().to_string()),
                ("created", r.created.to_string()),
                ("updated", r.updated.to_string()),
                ("unchanged", r.unchanged.to_string()),
                ("rejected", r.rejected.len().to_string()),
            ],
        )
    };
    view! {
        <div class="card" data-testid="import-report">
            <p data-testid="import-summary">{summary}</p>
            {(!rejected.is_empty()).then(|| view! {
                <h2>{t(GoodsMsg::RejectedRows)}</h2>
                <div class="table-wrap"><table class="table cards-on-phone" data-testid="import-rejected">
                    <thead><tr><th>{t(GoodsMsg::RowNumber)}</th><th>"erp_id"</th><th>{t(GoodsMsg::Reason)}</th></tr></thead>
                    <tbody>
                        {rejected.into_iter().map(|row| {
                            let reasons = move || row.errors.iter()
                                .map(|e| format!("{}: {}", e.field, e.msg.text(i18n.lang())))
                                .collect::<Vec<_>>().join("；");
                            view! { <tr><td data-label=t(GoodsMsg::RowNumber)>{row.row}</td><td data-label="erp_id">{row.erp_id.clone()}</td><td data-label=t(GoodsMsg::Reason)>{reasons}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <h2>{t(GoodsMsg::SyncConflicts)}</h2>
                <div class="table-wrap"><table class="table cards-on-phone" data-testid="import-conflicts">
                    <thead><tr><th>{t(GoodsMsg::RowNumber)}</th><th>{t(Msg::Barcode)}</th><th>{t(GoodsMsg::NotApplied)}</th></tr></thead>
                    <tbody>
                        {conflicts.into_iter().map(|c| view! {
                            <tr><td>{c.row}</td><td>{c.barcode}</td><td>{c.wanted}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
        </div>
    }
}
