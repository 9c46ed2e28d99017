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

/** Money is kept to cents so sums and tier thresholds do not drift with float noise. */
const cents = (x: number) => Math.round(x * 100) / 100;

/** `LTV = (price − cost) × purchases per year × years − acquisition cost`. */
export function computeLtv(f: CommercialFigures): LtvExplanation {
  const marginPerPurchase = cents(f.price - f.cost);
  const marginPerYear = cents(marginPerPurchase * f.purchasesPerYear);
  const lifetimeMargin = cents(marginPerYear * f.years);
  const ltv = cents(lifetimeMargin - f.acquisitionCost);
  return {
    value: ltv,
    formula: 'LTV = (price − cost) × purchasesPerYear × years − acquisitionCost',
    inputs: { ...f },
    steps: { marginPerPurchase, marginPerYear, lifetimeMargin, acquisitionCost: f.acquisitionCost, ltv },
    text: `(${f.price} − ${f.cost}) × ${f.purchasesPerYear} × ${f.years} − ${f.acquisitionCost} = ${ltv}`,
  };
}
