//! The reader: a folder of pages in, a [`DocSet`](crate::page::DocSet) out. [`load()`](fn@load::load) walks the
//! folder; each page kind and each section of a page has its own reader here.

pub mod annotation;
pub mod api_page;
pub mod blocks;
pub mod enum_page;
pub mod examples;
pub mod files;
pub mod front_matter;
pub mod include;
pub mod links;
pub mod load;
pub mod markdown;
pub mod params;
pub mod permissions;
pub mod pipe_tables;
pub mod request_line;
pub mod resource_page;
pub mod response;
pub mod response_annotation;
pub mod safe_text;
pub mod sections;
pub mod summary;
pub mod table;
pub mod text;
