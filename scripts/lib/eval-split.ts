/**
 * The evaluation split shared by `npm run eval` and the tuning scripts: held-out companies,
 * the 20 % hold-outs of the airline tweets and reviews, and the test part of our own labels.
 */
import type { Sources } from './datasets.ts';
import { companyKeys, isHeldOutCompany, randomSplit } from './splits.ts';

/** Seed of the airline and review hold-outs and of the CV folds. */
export const SPLIT_SEED = 11;

export interface Split {
  /** Training sources: everything but the held-out parts. */
  dev: Sources;
  heldOutComplaints: Sources['complaints'];
  heldOutTypes: Sources['complaintTypes'];
  airlineTest: Sources['airline'];
  reviewsTest: Sources['reviews'];
  selfBlameTest: Sources['selfBlame'];
  /** Company of each dev company-directed tweet (index into dev.complaints; random tweets: null). */
  devCompany: (string | null)[];
}

export function splitSources(all: Sources): Split {
  const directed = all.complaints.filter((r) => !r.domain.startsWith('random'));
  const keys = companyKeys(directed);
  const companyOf = new Map(directed.map((r, i) => [r.id, keys[i]!]));
  const heldOut = new Set(directed.filter((_, i) => isHeldOutCompany(keys[i]!)).map((r) => r.id));
  const airline = randomSplit(all.airline, 0.2, SPLIT_SEED);
  const reviews = randomSplit(all.reviews, 0.2, SPLIT_SEED);
  const devComplaints = all.complaints.filter((r) => !heldOut.has(r.id));
  return {
    dev: {
      complaints: devComplaints,
      complaintTypes: all.complaintTypes.filter((r) => !heldOut.has(r.id)),
      airline: airline.train,
      reviews: reviews.train,
      yelp: all.yelp,
      selfBlame: all.selfBlame.filter((r) => r.part !== 'test'),
    },
    heldOutComplaints: all.complaints.filter((r) => heldOut.has(r.id)),
    heldOutTypes: all.complaintTypes.filter((r) => heldOut.has(r.id)),
    airlineTest: airline.test,
    reviewsTest: reviews.test,
    selfBlameTest: all.selfBlame.filter((r) => r.part === 'test'),
    devCompany: devComplaints.map((r) => companyOf.get(r.id) ?? null),
  };
}

