CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE IF EXISTS public.gone ADD COLUMN x int;
DROP TABLE IF EXISTS public.older;
