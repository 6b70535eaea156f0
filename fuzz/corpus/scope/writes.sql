INSERT INTO users (id, tenant_id, email) SELECT gen_random_uuid(), tenant_id, email FROM users
 WHERE tenant_id = $1 ON CONFLICT (tenant_id, email) DO UPDATE SET email = excluded.email;
MERGE INTO users u USING (VALUES ($2::uuid)) s(id) ON u.id = s.id AND u.tenant_id = $1
 WHEN MATCHED THEN DELETE;
COPY (SELECT * FROM audit_events) TO STDOUT;
TRUNCATE tasks, tenants;
WITH d AS (DELETE FROM tasks WHERE project_id IN (SELECT id FROM projects WHERE tenant_id = $1)
  RETURNING *) SELECT * FROM d, pg_locks;
