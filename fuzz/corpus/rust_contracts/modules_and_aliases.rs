// Inline modules, type aliases, newtypes and structs declared in a function.
pub type TenantId = uuid::Uuid;

pub mod models {
    pub type Cents = i64;

    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    pub struct UserId(pub i64);

    pub mod nested {
        #[derive(sqlx::FromRow)]
        pub struct Deep<T> {
            pub value: T,
        }
    }
}

fn handler() {
    #[derive(sqlx::FromRow)]
    struct Local {
        n: i64,
    }
    let rows = sqlx::query_as!(Local, "SELECT 1::int8 AS n");
}

pub struct Unit;
