// What the deployed binary was built from: an older version of the struct.
mod models {
    #[derive(Debug)]
    pub struct Invoice {
        pub total: Option<i64>,
        pub id: i64,
        pub tenant: String,
        pub legacy_flag: bool,
    }
}

fn main() {
    let invoice = models::Invoice { total: Some(2), id: 1, tenant: String::new(), legacy_flag: false };
    println!("{:?}", invoice);
}
