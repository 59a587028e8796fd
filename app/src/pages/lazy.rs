//! The lazily loaded areas: each route below is a `LazyRoute` whose view is split into its own
//! Wasm chunk by `cargo leptos build --split` (code two routes share goes into a shared chunk).
//! Sign-in and the home queue are not here: they are the first download. On the server the
//! views render as before, and name the chunks the page needs so the page preloads them.
//!
//! Each route is written out (no `macro_rules!`): the splitter names a chunk by where its
//! `#[lazy_route]` stands in the source, so two routes generated from one macro body would share
//! one name.
use crate::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

// ---- admin ----

pub struct StoresRoute;

#[lazy_route]
impl LazyRoute for StoresRoute {
    fn data() -> Self {
        StoresRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::stores_page::StoresPage/> }.into_any()
    }
}

pub struct StoreFormRoute;

#[lazy_route]
impl LazyRoute for StoreFormRoute {
    fn data() -> Self {
        StoreFormRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::store_form_page::StoreFormPage/> }.into_any()
    }
}

pub struct StaffRoute;

#[lazy_route]
impl LazyRoute for StaffRoute {
    fn data() -> Self {
        StaffRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::staff_page::StaffPage/> }.into_any()
    }
}

pub struct StaffFormRoute;

#[lazy_route]
impl LazyRoute for StaffFormRoute {
    fn data() -> Self {
        StaffFormRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::staff_form_page::StaffFormPage/> }.into_any()
    }
}

pub struct DictionariesRoute;

#[lazy_route]
impl LazyRoute for DictionariesRoute {
    fn data() -> Self {
        DictionariesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::dictionaries_page::DictionariesPage/> }.into_any()
    }
}

pub struct AuditRoute;

#[lazy_route]
impl LazyRoute for AuditRoute {
    fn data() -> Self {
        AuditRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::audit_page::AuditPage/> }.into_any()
    }
}

pub struct TokensRoute;

#[lazy_route]
impl LazyRoute for TokensRoute {
    fn data() -> Self {
        TokensRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::tokens_page::TokensPage/> }.into_any()
    }
}

pub struct BackupsRoute;

#[lazy_route]
impl LazyRoute for BackupsRoute {
    fn data() -> Self {
        BackupsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::backups_page::BackupsPage/> }.into_any()
    }
}

pub struct SmsRoute;

#[lazy_route]
impl LazyRoute for SmsRoute {
    fn data() -> Self {
        SmsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::reservations::sms_page::SmsPage/> }.into_any()
    }
}

// ---- the manager's floor ----

pub struct FloorRoute;

#[lazy_route]
impl LazyRoute for FloorRoute {
    fn data() -> Self {
        FloorRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::floor::floor_page::FloorPage/> }.into_any()
    }
}

// ---- reservations ----

pub struct ReservationsRoute;

#[lazy_route]
impl LazyRoute for ReservationsRoute {
    fn data() -> Self {
        ReservationsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::reservations::list_page::ReservationsPage/> }.into_any()
    }
}

pub struct NewReservationRoute;

#[lazy_route]
impl LazyRoute for NewReservationRoute {
    fn data() -> Self {
        NewReservationRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::reservations::new_page::NewReservationPage/> }.into_any()
    }
}

pub struct ReservationDetailRoute;

#[lazy_route]
impl LazyRoute for ReservationDetailRoute {
    fn data() -> Self {
        ReservationDetailRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::reservations::detail_page::ReservationDetailPage/> }.into_any()
    }
}

pub struct BookRoute;

#[lazy_route]
impl LazyRoute for BookRoute {
    fn data() -> Self {
        BookRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::reservations::book_page::BookPage/> }.into_any()
    }
}

// ---- goods ----

pub struct GoodsRoute;

#[lazy_route]
impl LazyRoute for GoodsRoute {
    fn data() -> Self {
        GoodsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::goods::search_page::GoodsPage/> }.into_any()
    }
}

pub struct ImportRoute;

#[lazy_route]
impl LazyRoute for ImportRoute {
    fn data() -> Self {
        ImportRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::goods::import_page::ImportPage/> }.into_any()
    }
}

pub struct ItemRoute;

#[lazy_route]
impl LazyRoute for ItemRoute {
    fn data() -> Self {
        ItemRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::goods::item_page::ItemPage/> }.into_any()
    }
}

// ---- sales ----

pub struct SalesRoute;

#[lazy_route]
impl LazyRoute for SalesRoute {
    fn data() -> Self {
        SalesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::sales::list_page::SalesPage/> }.into_any()
    }
}

pub struct GoldRoute;

#[lazy_route]
impl LazyRoute for GoldRoute {
    fn data() -> Self {
        GoldRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::sales::gold_page::GoldPage/> }.into_any()
    }
}

pub struct TakingsRoute;

#[lazy_route]
impl LazyRoute for TakingsRoute {
    fn data() -> Self {
        TakingsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::sales::takings_page::TakingsPage/> }.into_any()
    }
}

pub struct SaleRoute;

#[lazy_route]
impl LazyRoute for SaleRoute {
    fn data() -> Self {
        SaleRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::sales::sale_page::SalePage/> }.into_any()
    }
}

// ---- devices ----

pub struct DevicesRoute;

#[lazy_route]
impl LazyRoute for DevicesRoute {
    fn data() -> Self {
        DevicesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::devices::devices_page::DevicesPage/> }.into_any()
    }
}

pub struct PinRoute;

#[lazy_route]
impl LazyRoute for PinRoute {
    fn data() -> Self {
        PinRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::devices::pin_page::PinPage/> }.into_any()
    }
}

// ---- customers ----

pub struct CustomersRoute;

#[lazy_route]
impl LazyRoute for CustomersRoute {
    fn data() -> Self {
        CustomersRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::customers::list_page::CustomersPage/> }.into_any()
    }
}

pub struct CustomerRoute;

#[lazy_route]
impl LazyRoute for CustomerRoute {
    fn data() -> Self {
        CustomerRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::customers::file_page::CustomerFilePage/> }.into_any()
    }
}
