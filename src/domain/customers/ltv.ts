/** Customer lifetime value per the course formula, with the arithmetic spelled out for the API. */

export interface CommercialFigures {
  /** Price per purchase. */
  price: number;
  /** Cost to produce and serve one purchase. */
  cost: number;
  purchasesPerYear: number;
  /** Expected years as a customer. */
  years: number;
  acquisitionCost: number;
}

export interface LtvExplanation {
  value: number;
  formula: string;
  inputs: CommercialFigures;
  steps: { marginPerPurchase: number; marginPerYear: number; lifetimeMargin: number; acquisitionCost: number; ltv: number };
  text: string;
}

const cents = (x: number) => Math.round(x * 100) / 100;
/** Steps are shown as computed, without binary float noise (9.99 − 3.555 = 6.435, not 6.435000000000001). */
const clean = (x: number) => Number(x.toPrecision(12));

/**
 * `LTV = (price − cost) × purchases per year × years − acquisition cost`, computed exactly and
 * rounded to cents once, at the end: rounding a step (6.435 → 6.44) would move the result by cents × 120.
 */
export function computeLtv(f: CommercialFigures): LtvExplanation {
  const marginPerPurchase = f.price - f.cost;
  const marginPerYear = marginPerPurchase * f.purchasesPerYear;
  const lifetimeMargin = marginPerYear * f.years;
  const ltv = cents(lifetimeMargin - f.acquisitionCost);
  return {
    value: ltv,
    formula: 'LTV = (price − cost) × purchasesPerYear × years − acquisitionCost',
    inputs: { ...f },
    steps: { marginPerPurchase: clean(marginPerPurchase), marginPerYear: clean(marginPerYear), lifetimeMargin: clean(lifetimeMargin), acquisitionCost: f.acquisitionCost, ltv },
    text: `(${f.price} − ${f.cost}) × ${f.purchasesPerYear} × ${f.years} − ${f.acquisitionCost} = ${ltv}`,
  };
}
