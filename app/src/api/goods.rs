//! Goods lookup (货品查询): search, item pages, holds for customers, ERP import.

use crate::domain::goods::{Category, GoodsQuery, ItemStatus};
use crate::error::AppError;
use crate::i18n::Msg as Label;
use crate::model::*;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{
    domain::{mobile::Mobile, policy::Permission},
    i18n::Msg,
    ports::{ports, require, require_any},
};

/// Who may look goods up: store staff, head office, admins.
#[cfg(feature = "ssr")]
pub const READERS: &[Permission] = &[
    Permission::UseWorkspace,
    Permission::ReadStore,
    Permission::ReadAllStores,
];

#[server(prefix = "/api", endpoint = "goods/search", input = Json)]
pub async fn search_goods(query: GoodsQuery) -> Result<GoodsPage, AppError> {
    let actor = require_any(READERS)?;
    ports()?.goods.search(&actor, query).await
}

#[server(prefix = "/api", endpoint = "goods/item")]
pub async fn load_item(id: i32) -> Result<ItemDetail, AppError> {
    let actor = require_any(READERS)?;
    ports()?.goods.detail(&actor, id).await
}

#[server(prefix = "/api", endpoint = "goods/find_customer")]
pub async fn find_customer(mobile: String) -> Result<Option<CustomerHit>, AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let mobile =
        Mobile::parse(&mobile).ok_or_else(|| AppError::field("mobile", Msg::ErrMobileFormat))?;
    ports()?.customers.find_by_mobile(&actor, mobile).await
}

/// 预留: hold an item of one's own store for a customer until a date.
#[server(prefix = "/api", endpoint = "goods/reserve")]
pub async fn reserve_item(input: ReserveInput) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    let today = actor.user.zone.date_of(crate::ports::now());
    let mut valid = input.validate(today).map_err(AppError::Validation)?;
    if valid.customer_id.is_none() && valid.reservation_number.is_none() {
        if let Some(mobile) = valid.mobile.clone() {
            match ports()?.customers.find_by_mobile(&actor, mobile).await? {
                Some(hit) => valid.customer_id = Some(hit.id),
                // A number nobody has: the walk-in is registered with the hold, if named.
                None if valid.new_customer_name.is_some() => {}
                None => return Err(AppError::field("customer", Msg::ErrNewCustomerName)),
            }
        }
    }
    ports()?.goods.reserve(&actor, valid).await
}

/// 取消预留.
#[server(prefix = "/api", endpoint = "goods/release")]
pub async fn release_item(item_id: i32) -> Result<(), AppError> {
    let actor = require(Permission::UseWorkspace)?;
    ports()?.goods.release(&actor, item_id).await
}

/// One chunk of an ERP CSV file (header line + records), as the upload page sends it.
#[server(prefix = "/api", endpoint = "goods/import", input = Json)]
pub async fn import_items(csv: String, first_row: u64) -> Result<ImportReport, AppError> {
    let actor = require(Permission::ImportItems)?;
    ports()?.goods.import_csv(&actor, csv, first_row).await
}

/// Labels, for pages and exports.
pub fn category_msg(c: Category) -> Label {
    match c {
        Category::Ring => Label::CatRing,
        Category::Pendant => Label::CatPendant,
        Category::Necklace => Label::CatNecklace,
        Category::Earrings => Label::CatEarrings,
        Category::Bracelet => Label::CatBracelet,
        Category::Bangle => Label::CatBangle,
        Category::LooseDiamond => Label::CatLooseDiamond,
        Category::Other => Label::CatOther,
    }
}

pub fn item_status_msg(s: ItemStatus) -> Label {
    match s {
        ItemStatus::InStock => Label::ItemInStock,
        ItemStatus::Reserved => Label::ItemReserved,
        ItemStatus::Sold => Label::ItemSold,
        ItemStatus::InTransit => Label::ItemInTransit,
        ItemStatus::Returned => Label::ItemReturned,
    }
}
