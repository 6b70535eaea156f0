-- The session role owns a table whose RLS is enabled but not forced.
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.orders
  USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
ALTER TABLE public.orders OWNER TO @ROLE@;
