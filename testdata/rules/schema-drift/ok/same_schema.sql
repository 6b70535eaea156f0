-- Applied to the database and loaded as the schema file: no drift, although
-- the catalog prints the policy differently (casts, parentheses).
CREATE TABLE public.orders (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    status text DEFAULT 'open' NOT NULL,
    note text
);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.orders AS RESTRICTIVE
  USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY visible ON public.orders FOR SELECT
  USING (status IN ('open', 'paid') OR tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
