use crate::components::layout::Layout;
use crate::pages::{
    admin::{
        audit_page::AuditPage, backups_page::BackupsPage, dictionaries_page::DictionariesPage,
        staff_form_page::StaffFormPage, staff_page::StaffPage, store_form_page::StoreFormPage,
        stores_page::StoresPage, tokens_page::TokensPage,
    },
    goods::{import_page::ImportPage, item_page::ItemPage, search_page::GoodsPage},
    home_page::HomePage,
    login_page::LoginPage,
    not_found_page::NotFoundPage,
    reservations::{
        book_page::BookPage, detail_page::ReservationDetailPage, list_page::ReservationsPage,
        new_page::NewReservationPage, sms_page::SmsPage,
    },
    sales::{
        gold_page::GoldPage, list_page::SalesPage, sale_page::SalePage, takings_page::TakingsPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_security_headers();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
                <script src="/register-sw.js" defer></script>
                <script src="/barcode.js" defer></script>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of a rendered page, with this response's nonce for Leptos's
/// inline hydration script. No `'unsafe-inline'`/`'unsafe-eval'` for scripts.
#[cfg(feature = "ssr")]
fn set_security_headers() {
    use leptos::nonce::use_nonce;
    use leptos_axum::ResponseOptions;
    let (Some(nonce), Some(res)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&csp) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The signed-in person, known synchronously: read from the request on the server and
    // serialized into the page for hydration, so routes and layout render without waiting.
    let user = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            crate::ports::current_user()
        }
        #[cfg(not(feature = "ssr"))]
        {
            None::<crate::model::CurrentUser>
        }
    })
    .into_inner();
    view! {
        <Stylesheet id="leptos" href="/pkg/vitrine.css"/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Link rel="icon" href="/icons/icon-192.png"/>
        <Link rel="apple-touch-icon" href="/icons/icon-192.png"/>
        <Meta name="theme-color" content="#7a1f2b"/>
        <Title formatter=|page: String| if page.is_empty() { "Vitrine".to_string() } else { format!("{page} · Vitrine") }/>
        <Router>
            <Layout user>
                <Routes fallback=NotFoundPage>
                    // The store-floor forms are also rendered whole before they are sent: without (or
                    // before) the Wasm, streamed parts would never be put in place.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/admin") view=StoresPage/>
                    <Route path=path!("/admin/stores") view=StoresPage/>
                    <Route path=path!("/admin/stores/new") view=StoreFormPage/>
                    <Route path=path!("/admin/stores/:id") view=StoreFormPage/>
                    <Route path=path!("/admin/staff") view=StaffPage/>
                    <Route path=path!("/admin/staff/new") view=StaffFormPage/>
                    <Route path=path!("/admin/staff/:id") view=StaffFormPage/>
                    <Route path=path!("/admin/dictionaries") view=DictionariesPage/>
                    <Route path=path!("/admin/audit") view=AuditPage/>
                    <Route path=path!("/admin/tokens") view=TokensPage/>
                    <Route path=path!("/admin/backups") view=BackupsPage/>
                    <Route path=path!("/admin/sms") view=SmsPage/>
                    <Route path=path!("/reservations") view=ReservationsPage/>
                    <Route path=path!("/reservations/new") view=NewReservationPage ssr=SsrMode::Async/>
                    <Route path=path!("/reservations/:id") view=ReservationDetailPage/>
                    <Route path=path!("/book") view=BookPage ssr=SsrMode::Async/>
                    // Fully rendered on the server before it is sent: a shared link shows its
                    // results even before (or without) the Wasm.
                    <Route path=path!("/goods") view=GoodsPage ssr=SsrMode::Async/>
                    <Route path=path!("/goods/import") view=ImportPage/>
                    <Route path=path!("/goods/:id") view=ItemPage ssr=SsrMode::Async/>
                    <Route path=path!("/sales") view=SalesPage/>
                    <Route path=path!("/sales/gold") view=GoldPage/>
                    <Route path=path!("/sales/takings") view=TakingsPage/>
                    <Route path=path!("/sales/:id") view=SalePage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
