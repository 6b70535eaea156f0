-- The schema file the team believes in.
CREATE TABLE public.orders (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    amount numeric(10,2) NOT NULL,
    note text
);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.orders AS RESTRICTIVE
  USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY visible ON public.orders FOR SELECT USING (note IS NOT NULL);
CREATE TABLE public.audit_log (id bigint NOT NULL, tenant_id uuid NOT NULL);
