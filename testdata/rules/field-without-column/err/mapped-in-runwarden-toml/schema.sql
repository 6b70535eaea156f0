CREATE TABLE public.monthly_totals (id bigint PRIMARY KEY, total bigint NOT NULL);
