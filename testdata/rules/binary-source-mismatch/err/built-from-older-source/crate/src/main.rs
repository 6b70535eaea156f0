// The audited source: total became a plain i64 and note was added.
mod models {
    #[derive(Debug, sqlx::FromRow)]
    pub struct Invoice {
        pub id: i64,
        pub total: i64,
        pub note: Option<String>,
        pub tenant: String,
    }
}

fn main() {
    let invoice = models::Invoice { id: 1, total: 2, note: None, tenant: String::new() };
    println!("{:?}", invoice);
}
