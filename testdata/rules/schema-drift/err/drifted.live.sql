-- What the database really has: amount has another type, tenant_id is
-- nullable, note is gone, a column was added, RLS is not forced, the guard
-- was made permissive, a policy was changed and another added, audit_log is
-- missing and a table nobody declared exists.
CREATE TABLE public.orders (
    id bigint NOT NULL,
    tenant_id uuid,
    amount bigint NOT NULL,
    archived boolean DEFAULT false NOT NULL
);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.orders
  USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY visible ON public.orders FOR SELECT USING (NOT archived);
CREATE POLICY support_sees_all ON public.orders FOR SELECT TO @OTHER@ USING (true);
CREATE TABLE public.scratch (id integer);
