pub mod admin;
pub mod goods;
pub mod home_page;
pub mod lazy;
pub mod login_page;
pub mod not_found_page;
pub mod reservations;
pub mod sales;
