-- RLS is not forced, but the table belongs to a role the session does not
-- inherit from.
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL);
ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.orders OWNER TO @OTHER@;
GRANT SELECT ON public.orders TO @ROLE@;
