CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.countries (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.offices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), country char(2) NOT NULL REFERENCES public.countries (code));
