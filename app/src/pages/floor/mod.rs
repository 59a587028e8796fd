//! The store manager's home (门店看板): call-backs, today's visits, who serves whom with the
//! on-duty switch, the discounts waiting for approval, and the manager's own queue. A lazily
//! loaded area, so the consultant's first download does not carry it.
pub mod floor_page;
pub mod msg;
