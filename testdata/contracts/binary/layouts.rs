// Row types whose DWARF dwarf_reader_test.cc reads. rustc reorders fields
// in memory; DWARF keeps them in declaration order.
mod billing {
    #[derive(Debug)]
    pub struct Invoice {
        pub flag: bool,
        pub id: i64,
        pub note: Option<String>,
        pub code: [u8; 4],
        pub tags: Vec<String>,
    }
}

#[derive(Debug)]
struct Pair(i32, String);

fn main() {
    let invoice = billing::Invoice {
        flag: true,
        id: 1,
        note: None,
        code: [0; 4],
        tags: Vec::new(),
    };
    println!("{:?} {:?}", invoice, Pair(2, String::new()));
}
