// The function form: the row type is the second type argument.
use sqlx::{query_as, Postgres};

async fn load(pool: &sqlx::PgPool) {
    let rows = query_as::<_, Account>("SELECT id, name FROM accounts").fetch_all(pool).await;
    let more = sqlx::query_as::<Postgres, crate::models::Invoice>(
        r#"SELECT * FROM "invoices""#,
    );
    let dynamic = sqlx::query_as::<_, Account>(&format!("SELECT {} FROM accounts", "id"));
    let not_query = other::<_, Account>("SELECT 1");
}
