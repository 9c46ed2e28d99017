import { z } from 'zod';

export const MAX_CUSTOMERS_PER_UPSERT = 5000;

const money = z.number().finite().min(0).max(1e9);

/** One customer as sent to `POST /v1/customers` or read from the import CSV. Identities are raw here and hashed before storage. */
export const customerInputSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    identities: z.array(z.string().trim().min(1).max(320)).max(50).default([]),
    price: money,
    cost: money,
    purchasesPerYear: z.number().finite().min(0).max(1e6),
    years: z.number().finite().gt(0).max(100).optional(),
    acquisitionCost: money.default(0),
  })
  .strict();

export type CustomerInput = z.infer<typeof customerInputSchema>;

export const customerUpsertBodySchema = z
  .object({
    customers: z
      .array(z.unknown())
      .min(1, 'must hold at least one customer')
      .max(MAX_CUSTOMERS_PER_UPSERT, `at most ${MAX_CUSTOMERS_PER_UPSERT} customers per request`),
  })
  .strict();
