-- The session role owns the table, but row-level security is forced.
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.orders FORCE ROW LEVEL SECURITY;
ALTER TABLE public.orders OWNER TO @ROLE@;
