// A file with a syntax error: what can be read is still read.
#[derive(sqlx::FromRow)]
pub struct Good {
    pub id: i64,
}

fn broken( {
    let x = ;
}

#[derive(sqlx::FromRow)]
pub struct AlsoGood {
    pub name: String,
}
