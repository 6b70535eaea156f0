// A tiny program whose row types are used by code, so that rustc keeps
// them in the binary's DWARF.
mod models {
    pub type Cents = i64;

    #[derive(Debug)]
    pub struct Invoice {
        pub id: i64,
        pub total: Cents,
        pub note: Option<String>,
        pub tags: Vec<String>,
        pub code: [u8; 4],
    }
}

#[derive(Debug)]
struct Pair(i64, String);

fn main() {
    let invoice = models::Invoice {
        id: 1,
        total: 2,
        note: Some(String::new()),
        tags: Vec::new(),
        code: [0; 4],
    };
    let pair = Pair(3, String::from("x"));
    println!("{:?} {:?}", invoice, pair);
}
