-- The labelled statement corpus of the tenant-scope analyzer, over
-- testdata/scope/schema.sql. $1 is the run's tenant; other parameters are
-- not. Each statement is preceded by its label and the reason for it:
-- 'safe:' when every tenant row it touches is pinned to the tenant, or it
-- touches none; 'unsafe:' when rows of other tenants can be read or written.
-- The corpus test prints precision and recall.

-- safe: direct filter by tenant parameter
SELECT * FROM users WHERE tenant_id = $1;

-- safe: tenant filter plus primary key
SELECT id, title FROM documents WHERE id = $2 AND tenant_id = $1;

-- safe: qualified name and alias
SELECT u.email FROM public.users u WHERE u.tenant_id = $1;

-- safe: cast on the parameter
SELECT * FROM invoices WHERE tenant_id = $1::uuid AND status = 'open';

-- safe: IN list of the tenant only
SELECT * FROM projects WHERE tenant_id IN ($1);

-- safe: = ANY of the tenant array
SELECT * FROM projects WHERE tenant_id = ANY($1);

-- safe: tenant from the context setting
SELECT * FROM sessions WHERE tenant_id = current_setting('app.current_tenant_id')::uuid;

-- safe: context setting with missing_ok and NULLIF
SELECT * FROM sessions WHERE tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid;

-- safe: parameter on the left
SELECT * FROM feature_flags WHERE $1 = tenant_id;

-- safe: root table by its key
SELECT name, status FROM tenants WHERE id = $1;

-- safe: join on tenant keys
SELECT s.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id WHERE s.tenant_id = $1;

-- safe: both sides filtered
SELECT * FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.tenant_id = $1 AND u.tenant_id = $1;

-- safe: join through USING tenant_id
SELECT * FROM sessions s JOIN users u USING (tenant_id) WHERE s.tenant_id = $1;

-- safe: indirect table through fk join
SELECT t.title FROM tasks t JOIN projects p ON p.id = t.project_id WHERE p.tenant_id = $1;

-- safe: two-level fk path
SELECT c.body FROM task_comments c JOIN tasks t ON t.id = c.task_id JOIN projects p ON p.id = t.project_id WHERE p.tenant_id = $1;

-- safe: fk path through IN subquery
SELECT * FROM tasks WHERE project_id IN (SELECT id FROM projects WHERE tenant_id = $1);

-- safe: nested IN subqueries
SELECT * FROM task_comments WHERE task_id IN (SELECT id FROM tasks WHERE project_id IN (SELECT id FROM projects WHERE tenant_id = $1));

-- safe: fk path through EXISTS
SELECT * FROM invoice_lines l WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.id = l.invoice_id AND i.tenant_id = $1);

-- safe: scalar subquery equality
SELECT * FROM invoice_lines WHERE invoice_id = (SELECT id FROM invoices WHERE tenant_id = $1 AND number = $2);

-- safe: indirect person ids through persons
SELECT d.distinct_id FROM person_distinct_id d JOIN persons p ON p.id = d.person_id WHERE p.tenant_id = $1;

-- safe: posthog join fixed with persons
SELECT s.id, d.person_id FROM sessions s JOIN person_distinct_id d ON d.distinct_id = s.distinct_id JOIN persons p ON p.id = d.person_id AND p.tenant_id = s.tenant_id WHERE s.tenant_id = $1;

-- safe: global lookup joined
SELECT t.name, c.name FROM tenants t JOIN countries c ON c.code = t.country_code WHERE t.id = $1;

-- safe: global table alone
SELECT * FROM countries;

-- safe: plans lookup
SELECT id, name FROM plans WHERE price_cents < 1000;

-- safe: OR inside the tenant conjunct
SELECT * FROM documents WHERE tenant_id = $1 AND (is_public OR owner_id = $2);

-- safe: OR where every branch pins
SELECT * FROM documents WHERE (tenant_id = $1 AND is_public) OR (tenant_id = $1 AND owner_id = $2);

-- safe: CTE filtered inside
WITH recent AS (SELECT * FROM invoices WHERE tenant_id = $1 AND created_at > now() - interval '1 day') SELECT count(*) FROM recent;

-- safe: CTE filtered outside
WITH all_inv AS (SELECT id, tenant_id, amount_cents FROM invoices) SELECT sum(amount_cents) FROM all_inv WHERE tenant_id = $1;

-- safe: subquery in FROM filtered outside
SELECT * FROM (SELECT id, tenant_id, email FROM users) u WHERE u.tenant_id = $1;

-- safe: subquery in FROM filtered inside
SELECT count(*) FROM (SELECT id FROM users WHERE tenant_id = $1) u;

-- safe: UNION with both branches filtered
SELECT id FROM users WHERE tenant_id = $1 UNION SELECT user_id FROM memberships WHERE tenant_id = $1;

-- safe: EXCEPT both filtered
SELECT id FROM users WHERE tenant_id = $1 EXCEPT SELECT user_id FROM sessions WHERE tenant_id = $1;

-- safe: recursive CTE over folders
WITH RECURSIVE tree AS (SELECT id, tenant_id FROM folders WHERE id = $2 AND tenant_id = $1 UNION ALL SELECT f.id, f.tenant_id FROM folders f JOIN tree ON f.parent_id = tree.id AND f.tenant_id = tree.tenant_id) SELECT * FROM tree;

-- safe: correlated scalar subquery in target list
SELECT u.id, (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.tenant_id = u.tenant_id) FROM users u WHERE u.tenant_id = $1;

-- safe: correlated fk subquery for indirect table
SELECT p.id, (SELECT count(*) FROM tasks t WHERE t.project_id = p.id) FROM projects p WHERE p.tenant_id = $1;

-- safe: LATERAL with correlation
SELECT u.id, s.started_at FROM users u CROSS JOIN LATERAL (SELECT started_at FROM sessions s WHERE s.user_id = u.id AND s.tenant_id = u.tenant_id ORDER BY started_at DESC LIMIT 1) s WHERE u.tenant_id = $1;

-- safe: LEFT JOIN with tenant in ON
SELECT u.id, s.id FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND s.tenant_id = u.tenant_id WHERE u.tenant_id = $1;

-- safe: LEFT JOIN indirect via fk
SELECT p.id, t.id FROM projects p LEFT JOIN tasks t ON t.project_id = p.id WHERE p.tenant_id = $1;

-- safe: invoker view filtered
SELECT * FROM open_invoices WHERE tenant_id = $1;

-- safe: NOT EXISTS with correlated tenant
SELECT * FROM users u WHERE u.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.tenant_id = $1);

-- safe: NOT IN subquery filtered
SELECT * FROM users WHERE tenant_id = $1 AND id NOT IN (SELECT user_id FROM memberships WHERE tenant_id = $1);

-- safe: aggregate with filter
SELECT status, count(*) FROM invoices WHERE tenant_id = $1 GROUP BY status;

-- safe: count path with filter
SELECT count(*) FROM tasks t WHERE t.project_id IN (SELECT id FROM projects WHERE tenant_id = $1) AND t.status = 'open';

-- safe: window function filtered
SELECT id, rank() OVER (ORDER BY amount_cents DESC) FROM invoices WHERE tenant_id = $1;

-- safe: DISTINCT ON filtered
SELECT DISTINCT ON (user_id) * FROM sessions WHERE tenant_id = $1 ORDER BY user_id, started_at DESC;

-- safe: HAVING with filtered source
SELECT user_id FROM sessions WHERE tenant_id = $1 GROUP BY user_id HAVING count(*) > 10;

-- safe: membership check with tenant
SELECT EXISTS (SELECT 1 FROM memberships WHERE tenant_id = $1 AND group_name = $2 AND user_id = $3);

-- safe: audit read filtered
SELECT * FROM audit_events WHERE tenant_id = $1 ORDER BY occurred_at DESC LIMIT 100;

-- safe: comma join with tenant equality
SELECT * FROM users u, memberships m WHERE m.user_id = u.id AND m.tenant_id = u.tenant_id AND u.tenant_id = $1;

-- safe: self join on tenant key
SELECT a.id, b.id FROM users a JOIN users b ON a.tenant_id = b.tenant_id AND a.email = b.email AND a.id <> b.id WHERE a.tenant_id = $1;

-- safe: same row by primary key from a pinned CTE
WITH target AS (SELECT id FROM users WHERE id = $2 AND tenant_id = $1) UPDATE users SET is_admin = false WHERE id = (SELECT id FROM target);

-- safe: update with tenant filter
UPDATE users SET name = $2 WHERE id = $3 AND tenant_id = $1;

-- safe: update with context setting
UPDATE sessions SET revoked = true WHERE tenant_id = current_setting('app.current_tenant_id')::uuid AND user_id = $2;

-- safe: update indirect via IN
UPDATE tasks SET status = 'closed' WHERE project_id IN (SELECT id FROM projects WHERE tenant_id = $1);

-- safe: update FROM joined and pinned
UPDATE tasks SET status = 'closed' FROM projects p WHERE tasks.project_id = p.id AND p.tenant_id = $1;

-- safe: update root by key
UPDATE tenants SET status = 'investigating', status_reason = $2 WHERE id = $1;

-- safe: update keeps tenant key
UPDATE users SET tenant_id = $1 WHERE tenant_id = $1 AND id = $2;

-- safe: delete with tenant
DELETE FROM sessions WHERE tenant_id = $1 AND revoked;

-- safe: delete USING pinned fk
DELETE FROM task_comments c USING tasks t, projects p WHERE c.task_id = t.id AND t.project_id = p.id AND p.tenant_id = $1;

-- safe: delete indirect by EXISTS
DELETE FROM invoice_lines l WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.id = l.invoice_id AND i.tenant_id = $1 AND i.status = 'draft');

-- safe: delete returning
DELETE FROM feature_flags WHERE tenant_id = $1 AND key = $2 RETURNING id;

-- safe: insert values with tenant
INSERT INTO incident_notes (tenant_id, ticket, note) VALUES ($1, $2, 'sessions cut off');

-- safe: insert multi-row values
INSERT INTO feature_flags (id, tenant_id, key) VALUES (1, $1, 'a'), (2, $1, 'b');

-- safe: insert select within tenant
INSERT INTO feature_flags (id, tenant_id, key, enabled) SELECT id + 1000, tenant_id, 'copy_' || key, enabled FROM feature_flags WHERE tenant_id = $1;

-- safe: insert select with tenant constant column
INSERT INTO incident_notes (tenant_id, ticket, note) SELECT $1, 'INC-1', email FROM users WHERE tenant_id = $1;

-- safe: insert indirect via pinned parent
INSERT INTO tasks (id, project_id, title) SELECT 99, p.id, 'triage' FROM projects p WHERE p.id = $2 AND p.tenant_id = $1;

-- safe: upsert on tenant key
INSERT INTO feature_flags (id, tenant_id, key, enabled) VALUES (7, $1, $2, true) ON CONFLICT (tenant_id, key) DO UPDATE SET enabled = true;

-- safe: upsert do nothing
INSERT INTO feature_flags (id, tenant_id, key) VALUES (7, $1, $2) ON CONFLICT DO NOTHING;

-- safe: insert returning
INSERT INTO incident_notes (tenant_id, ticket, note) VALUES ($1, $2, $3) RETURNING id;

-- safe: MERGE pinned in ON
MERGE INTO feature_flags f USING (SELECT $2::text AS key) s ON f.key = s.key AND f.tenant_id = $1 WHEN MATCHED THEN UPDATE SET enabled = true;

-- safe: COPY of a pinned query
COPY (SELECT * FROM invoices WHERE tenant_id = $1) TO STDOUT;

-- safe: data-modifying CTE pinned
WITH moved AS (DELETE FROM sessions WHERE tenant_id = $1 AND revoked RETURNING id) SELECT count(*) FROM moved;

-- safe: EXPLAIN of a pinned query
EXPLAIN SELECT * FROM users WHERE tenant_id = $1;

-- safe: set_config in transaction
SELECT set_config('app.current_tenant_id', $1, true);

-- safe: SET LOCAL statement timeout
SET LOCAL statement_timeout = '5s';

-- safe: BEGIN
BEGIN;

-- safe: COMMIT
COMMIT;

-- safe: SHOW setting
SHOW app.current_tenant_id;

-- safe: now()
SELECT now();

-- safe: generate_series
SELECT * FROM generate_series(1, 10) g;

-- safe: values list
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, name);

-- safe: tenant join via root
SELECT u.email FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.id = $1;

-- safe: three-way join pinned through keys
SELECT * FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id JOIN tenants t ON t.id = i.tenant_id WHERE i.tenant_id = $1;

-- safe: unique key equality with pinned row
SELECT * FROM feature_flags f WHERE f.tenant_id = $1 AND f.key = 'beta';

-- safe: IN of the same tenant twice
SELECT * FROM users WHERE tenant_id IN ($1, $1);

-- safe: folder tree children joined by fk and key
SELECT d.title FROM documents d JOIN folders f ON f.id = d.folder_id AND f.tenant_id = d.tenant_id WHERE f.tenant_id = $1;

-- safe: subquery in select list filtered
SELECT (SELECT count(*) FROM invoices WHERE tenant_id = $1) AS n;

-- safe: exists filter then join
SELECT p.name FROM projects p WHERE p.tenant_id = $1 AND EXISTS (SELECT 1 FROM tasks t WHERE t.project_id = p.id AND t.status = 'open');

-- unsafe: read by primary key without tenant (id guessing)
SELECT id, title FROM documents WHERE id = $2;

-- unsafe: read without any filter
SELECT * FROM users;

-- unsafe: count across tenants
SELECT count(*) FROM invoices;

-- unsafe: count path missing the filter
SELECT count(*) FROM tasks WHERE status = 'open';

-- unsafe: aggregate across tenants
SELECT sum(amount_cents) FROM invoices WHERE status = 'paid';

-- unsafe: posthog join on distinct_id only
SELECT s.id, d.person_id FROM sessions s JOIN person_distinct_id d ON d.distinct_id = s.distinct_id WHERE s.tenant_id = $1;

-- unsafe: join on user id without tenant
SELECT s.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.tenant_id = $1;

-- unsafe: join on email only
SELECT a.id, b.id FROM users a JOIN users b ON a.email = b.email WHERE a.tenant_id = $1;

-- unsafe: second table of comma join unfiltered
SELECT * FROM users u, memberships m WHERE m.user_id = u.id AND u.tenant_id = $1;

-- unsafe: membership check by name
SELECT EXISTS (SELECT 1 FROM memberships WHERE group_name = $2 AND user_id = $3);

-- unsafe: membership by group name join
SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.group_name = $2;

-- unsafe: parameter replaced the tenant filter
SELECT * FROM invoices WHERE tenant_id = $2;

-- unsafe: literal tenant id
SELECT * FROM invoices WHERE tenant_id = '6f1c2a9e-0d4b-4f57-9a49-3b1d1d2b7c11';

-- unsafe: literal tenant in update
UPDATE users SET is_admin = false WHERE tenant_id = '6f1c2a9e-0d4b-4f57-9a49-3b1d1d2b7c11';

-- unsafe: IN list with another tenant
SELECT * FROM users WHERE tenant_id IN ($1, $2);

-- unsafe: OR true
SELECT * FROM users WHERE tenant_id = $1 OR true;

-- unsafe: OR is_public
SELECT * FROM documents WHERE tenant_id = $1 OR is_public;

-- unsafe: OR tenant_id IS NULL
SELECT * FROM documents WHERE tenant_id = $1 OR tenant_id IS NULL;

-- unsafe: OR on another column
SELECT * FROM users WHERE tenant_id = $1 OR email = $2;

-- unsafe: OR with one branch unpinned
SELECT * FROM documents WHERE (tenant_id = $1 AND is_public) OR owner_id = $2;

-- unsafe: tenant compared with owner column
SELECT * FROM documents WHERE owner_id = $1;

-- unsafe: tenant compared with user id
SELECT * FROM sessions WHERE user_id = $1;

-- unsafe: filter on joined table of an UPDATE
UPDATE tasks SET status = 'closed' FROM projects p WHERE p.tenant_id = $1 AND tasks.status = 'stale';

-- unsafe: filter on joined table of a DELETE
DELETE FROM task_comments USING projects p WHERE p.tenant_id = $1;

-- unsafe: update by id after reading the tenant
WITH target AS (SELECT id, tenant_id FROM users WHERE id = $2 AND tenant_id = $1) UPDATE users SET is_admin = false WHERE id = $2;

-- unsafe: update without where
UPDATE feature_flags SET enabled = false;

-- unsafe: update by key name only
UPDATE feature_flags SET enabled = true WHERE key = $2;

-- unsafe: update moves rows to another tenant
UPDATE users SET tenant_id = $2 WHERE tenant_id = $1 AND id = $3;

-- unsafe: update indirect table by id
UPDATE tasks SET status = 'closed' WHERE id = $2;

-- unsafe: delete without tenant
DELETE FROM sessions WHERE revoked;

-- unsafe: delete by id
DELETE FROM documents WHERE id = $2;

-- unsafe: delete indirect without path
DELETE FROM invoice_lines WHERE amount_cents = 0;

-- unsafe: truncate tenant table
TRUNCATE sessions;

-- unsafe: truncate several tables
TRUNCATE feature_flags, incident_notes;

-- unsafe: insert select copying across tenants
INSERT INTO feature_flags (id, tenant_id, key, enabled) SELECT id + 1000, $1, key, enabled FROM feature_flags WHERE key LIKE 'beta_%';

-- unsafe: insert select keeping source tenants
INSERT INTO incident_notes (tenant_id, ticket, note) SELECT tenant_id, 'INC-2', email FROM users;

-- unsafe: insert select into another tenant
INSERT INTO incident_notes (tenant_id, ticket, note) SELECT $2, 'INC-3', email FROM users WHERE tenant_id = $1;

-- unsafe: insert values with another parameter as tenant
INSERT INTO incident_notes (tenant_id, ticket, note) VALUES ($2, $3, 'x');

-- unsafe: insert without tenant key
INSERT INTO incident_notes (ticket, note) VALUES ($2, $3);

-- unsafe: insert indirect by parent id from parameter
INSERT INTO tasks (id, project_id, title) VALUES (1, $2, 'x');

-- unsafe: upsert on id only
INSERT INTO feature_flags (id, tenant_id, key, enabled) VALUES (7, $1, $2, true) ON CONFLICT (id) DO UPDATE SET enabled = true;

-- unsafe: MERGE without tenant
MERGE INTO feature_flags f USING (SELECT $2::text AS key) s ON f.key = s.key WHEN MATCHED THEN UPDATE SET enabled = true;

-- unsafe: COPY table out
COPY users TO STDOUT;

-- unsafe: COPY unpinned query
COPY (SELECT * FROM invoices WHERE status = 'open') TO STDOUT;

-- unsafe: UNION second branch unfiltered
SELECT id FROM users WHERE tenant_id = $1 UNION SELECT user_id FROM memberships;

-- unsafe: UNION ALL first branch unfiltered
SELECT id FROM documents UNION ALL SELECT id FROM documents WHERE tenant_id = $1;

-- unsafe: CTE unfiltered
WITH x AS (SELECT * FROM invoices) SELECT count(*) FROM x;

-- unsafe: CTE filtered on non-key output
WITH x AS (SELECT id, number FROM invoices) SELECT * FROM x WHERE number = $2;

-- unsafe: subquery in FROM unfiltered
SELECT * FROM (SELECT * FROM users) u WHERE u.email = $2;

-- unsafe: aggregate subquery filtered outside on aggregated key
SELECT * FROM (SELECT max(tenant_id::text) AS tenant_id, count(*) AS n FROM users) s WHERE s.tenant_id = $1;

-- unsafe: window over all tenants filtered outside
SELECT * FROM (SELECT tenant_id, count(*) OVER () AS total FROM users) s WHERE s.tenant_id = $1;

-- unsafe: scalar subquery unfiltered in select list
SELECT u.id, (SELECT count(*) FROM sessions) FROM users u WHERE u.tenant_id = $1;

-- unsafe: correlated subquery on user id only
SELECT u.id, (SELECT count(*) FROM sessions s WHERE s.user_id = u.id) FROM users u WHERE u.tenant_id = $1;

-- unsafe: IN subquery unfiltered
SELECT * FROM users WHERE tenant_id = $1 AND id IN (SELECT user_id FROM sessions WHERE revoked);

-- unsafe: EXISTS unfiltered
SELECT * FROM projects p WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.project_id = p.id);

-- unsafe: NOT EXISTS unfiltered inner
SELECT * FROM users u WHERE u.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id);

-- unsafe: LATERAL unfiltered
SELECT u.id, s.started_at FROM users u CROSS JOIN LATERAL (SELECT started_at FROM sessions s WHERE s.user_id = u.id LIMIT 1) s WHERE u.tenant_id = $1;

-- unsafe: LEFT JOIN ON pins only the right side
SELECT * FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND s.tenant_id = $1 AND u.tenant_id = $1;

-- unsafe: LEFT JOIN right side unfiltered
SELECT * FROM users u LEFT JOIN memberships m ON m.user_id = u.id WHERE u.tenant_id = $1;

-- unsafe: RIGHT JOIN ON pins only the left
SELECT * FROM sessions s RIGHT JOIN users u ON s.user_id = u.id AND u.tenant_id = $1 WHERE s.tenant_id = $1;

-- unsafe: FULL JOIN ON pins nothing
SELECT * FROM users u FULL JOIN sessions s ON s.user_id = u.id AND s.tenant_id = $1 WHERE u.tenant_id = $1;

-- unsafe: view without filter
SELECT * FROM open_invoices;

-- unsafe: definer view has no tenant filter inside
SELECT * FROM invoice_totals WHERE number = $2;

-- unsafe: indirect table by fk parameter only
SELECT * FROM invoice_lines WHERE invoice_id = $2;

-- unsafe: indirect joined to unpinned parent
SELECT * FROM tasks t JOIN projects p ON p.id = t.project_id WHERE p.name = $2;

-- unsafe: indirect path joined on a non-key column
SELECT * FROM tasks t JOIN projects p ON p.name = t.title WHERE p.tenant_id = $1;

-- unsafe: person ids by distinct id
SELECT person_id FROM person_distinct_id WHERE distinct_id = $2;

-- unsafe: root table without key
SELECT * FROM tenants WHERE name = $2;

-- unsafe: root table joined unpinned
SELECT t.name FROM tenants t JOIN users u ON u.tenant_id = t.id WHERE u.email = $2;

-- unsafe: direct table joined through fk only
SELECT * FROM projects p JOIN documents d ON d.owner_id = p.id::text::uuid WHERE p.tenant_id = $1;

-- unsafe: catalog read in tenant step
SELECT pid FROM pg_stat_activity;

-- unsafe: locks view in tenant step
SELECT * FROM pg_locks;

-- unsafe: information_schema in tenant step
SELECT table_name FROM information_schema.tables;

-- unsafe: DDL in tenant step
ALTER TABLE users ADD COLUMN nickname text;

-- unsafe: drop in tenant step
DROP INDEX IF EXISTS users_email_idx;

-- unsafe: unknown table
SELECT * FROM billing_history WHERE tenant_id = $1;

-- unsafe: unknown table in join
SELECT * FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.tenant_id = $1;

-- unsafe: data-modifying CTE unpinned
WITH gone AS (DELETE FROM sessions WHERE revoked RETURNING id) SELECT count(*) FROM gone;

-- unsafe: EXPLAIN ANALYZE unpinned
EXPLAIN ANALYZE SELECT * FROM users;

-- unsafe: audit read without tenant (no RLS role)
SELECT * FROM audit_events WHERE actor_id = $2;

-- unsafe: recursive CTE missing tenant in recursion
WITH RECURSIVE tree AS (SELECT id FROM folders WHERE id = $2 AND tenant_id = $1 UNION ALL SELECT f.id FROM folders f JOIN tree ON f.parent_id = tree.id) SELECT * FROM tree;

-- unsafe: setting of another name
SELECT * FROM users WHERE tenant_id = current_setting('app.tenant')::uuid;

-- unsafe: negated tenant
SELECT * FROM users WHERE NOT (tenant_id = $1);

-- unsafe: inequality
SELECT * FROM users WHERE tenant_id <> $1;

-- safe: row-value equality on tenant and user
SELECT u.email, m.role FROM users u JOIN memberships m ON (m.tenant_id, m.user_id) = (u.tenant_id, u.id) WHERE u.tenant_id = $1;

-- safe: tenant via scalar subquery of a pinned row
SELECT * FROM sessions WHERE tenant_id = (SELECT tenant_id FROM users WHERE id = $2 AND tenant_id = $1);

-- safe: update FROM with tenant equality
UPDATE users u SET name = m.role FROM memberships m WHERE m.user_id = u.id AND m.tenant_id = $1 AND u.tenant_id = m.tenant_id;

-- safe: delete with pinned IN subquery
DELETE FROM sessions WHERE tenant_id = $1 AND user_id IN (SELECT id FROM users WHERE tenant_id = $1 AND deleted_at IS NOT NULL);

-- safe: insert select from VALUES with tenant
INSERT INTO incident_notes (tenant_id, ticket, note) SELECT $1, v.t, v.n FROM (VALUES ('INC-1', 'a'), ('INC-2', 'b')) v(t, n);

-- safe: insert with the context setting
INSERT INTO incident_notes (tenant_id, ticket, note) VALUES (current_setting('app.current_tenant_id')::uuid, $2, $3);

-- safe: row lock on pinned rows
SELECT * FROM invoices WHERE tenant_id = $1 AND status = 'open' FOR UPDATE SKIP LOCKED;

-- safe: lateral function over pinned rows
SELECT p.id, k.key FROM persons p CROSS JOIN LATERAL jsonb_object_keys(p.properties) k(key) WHERE p.tenant_id = $1;

-- safe: filtered aggregate
SELECT count(*) FILTER (WHERE status = 'paid') FROM invoices WHERE tenant_id = $1;

-- safe: CTE referenced twice, pinned inside
WITH mine AS (SELECT id, user_id FROM sessions WHERE tenant_id = $1) SELECT a.id FROM mine a JOIN mine b ON a.user_id = b.user_id AND a.id <> b.id;

-- unsafe: row-value equality without tenant
SELECT u.email, m.role FROM users u JOIN memberships m ON (m.user_id) = (u.id) WHERE u.tenant_id = $1;

-- unsafe: scalar subquery of an unpinned row
SELECT * FROM sessions WHERE tenant_id = (SELECT tenant_id FROM users WHERE id = $2);

-- unsafe: CTE referenced twice, filtered on one reference only
WITH s AS (SELECT id, tenant_id, user_id FROM sessions) SELECT a.id FROM s a JOIN s b ON a.user_id = b.user_id WHERE a.tenant_id = $1;

-- safe: aggregate CTE joined to pinned invoices by their key
WITH totals AS (SELECT invoice_id, sum(amount_cents) AS total FROM invoice_lines GROUP BY invoice_id) SELECT i.number, t.total FROM invoices i JOIN totals t ON t.invoice_id = i.id WHERE i.tenant_id = $1;

-- safe: owner-rights view joined to pinned invoices by their key
SELECT i.number, t.total FROM invoices i JOIN invoice_totals t ON t.id = i.id WHERE i.tenant_id = $1;

-- unsafe: window over every tenant's lines, joined to pinned invoices afterwards
SELECT * FROM (SELECT invoice_id, count(*) OVER () AS n FROM invoice_lines) x JOIN invoices i ON i.id = x.invoice_id WHERE i.tenant_id = $1;

