// sqlx's query macros: the struct comes first, the SQL must be a literal.
async fn queries(pool: &sqlx::PgPool, id: i64) -> Result<(), sqlx::Error> {
    let a = sqlx::query_as!(Account, "SELECT id, name FROM accounts WHERE id = $1", id)
        .fetch_one(pool)
        .await?;
    let b = query_as!(
        models::Account,
        r#"SELECT id AS "id!", name AS "name?: String" FROM accounts"#
    )
    .fetch_all(pool)
    .await?;
    let c = sqlx::query!("SELECT count(*) AS \"n!: i32\" FROM accounts \
                          WHERE tenant_id = $1", id);
    let d = sqlx::query_as_unchecked!(Account, "SELECT * FROM accounts");
    let nested = vec![sqlx::query_scalar!("SELECT 1 AS one")];
    let both = tokio::try_join!(sqlx::query_as!(Account, "SELECT id, name FROM accounts"), other());
    const SQL: &str = "SELECT 1";
    let e = sqlx::query_as!(Account, SQL);
    println!("{a:?} {b:?}");
    Ok(())
}
