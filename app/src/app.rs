use crate::components::layout::Layout;
use crate::pages::{
    home_page::HomePage,
    lazy::{
        AuditRoute, BackupsRoute, BookRoute, CustomerRoute, CustomersRoute, DevicesRoute,
        DictionariesRoute, FloorRoute, GoldRoute, GoodsRoute, ImportRoute, ItemRoute,
        NewReservationRoute, PinRoute, ReservationDetailRoute, ReservationsRoute, SaleRoute,
        SalesRoute, SmsRoute, StaffFormRoute, StaffRoute, StoreFormRoute, StoresRoute,
        TakingsRoute, TokensRoute,
    },
    login_page::LoginPage,
    not_found_page::NotFoundPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
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
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/floor") view={Lazy::<FloorRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/devices") view={Lazy::<DevicesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customers") view={Lazy::<CustomersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customers/:id") view={Lazy::<CustomerRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/pin") view={Lazy::<PinRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view={Lazy::<StoresRoute>::new()}/>
                    <Route path=path!("/admin/stores") view={Lazy::<StoresRoute>::new()}/>
                    <Route path=path!("/admin/stores/new") view={Lazy::<StoreFormRoute>::new()}/>
                    <Route path=path!("/admin/stores/:id") view={Lazy::<StoreFormRoute>::new()}/>
                    <Route path=path!("/admin/staff") view={Lazy::<StaffRoute>::new()}/>
                    <Route path=path!("/admin/staff/new") view={Lazy::<StaffFormRoute>::new()}/>
                    <Route path=path!("/admin/staff/:id") view={Lazy::<StaffFormRoute>::new()}/>
                    <Route path=path!("/admin/dictionaries") view={Lazy::<DictionariesRoute>::new()}/>
                    <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()}/>
                    <Route path=path!("/admin/tokens") view={Lazy::<TokensRoute>::new()}/>
                    <Route path=path!("/admin/backups") view={Lazy::<BackupsRoute>::new()}/>
                    <Route path=path!("/admin/sms") view={Lazy::<SmsRoute>::new()}/>
                    <Route path=path!("/reservations") view={Lazy::<ReservationsRoute>::new()}/>
                    <Route path=path!("/reservations/new") view={Lazy::<NewReservationRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/reservations/:id") view={Lazy::<ReservationDetailRoute>::new()}/>
                    <Route path=path!("/book") view={Lazy::<BookRoute>::new()} ssr=SsrMode::Async/>
                    // Fully rendered on the server before it is sent: a shared link shows its
                    // results even before (or without) the Wasm.
                    <Route path=path!("/goods") view={Lazy::<GoodsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/goods/import") view={Lazy::<ImportRoute>::new()}/>
                    <Route path=path!("/goods/:id") view={Lazy::<ItemRoute>::new()} ssr=SsrMode::Async/>
                    // The list and its totals rendered whole: they read without the Wasm too.
                    <Route path=path!("/sales") view={Lazy::<SalesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/sales/gold") view={Lazy::<GoldRoute>::new()}/>
                    <Route path=path!("/sales/takings") view={Lazy::<TakingsRoute>::new()}/>
                    <Route path=path!("/sales/:id") view={Lazy::<SaleRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
