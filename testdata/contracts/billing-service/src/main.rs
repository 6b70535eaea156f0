mod billing;
mod models;
mod schema;

fn main() {}
