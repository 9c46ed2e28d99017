import { Router, type RequestHandler } from 'express';
import type { Role } from '../../../config/load-config.ts';
import { InvalidCorrectionError } from '../../domain/corrections/apply-correction.ts';
import { correctionInputSchema } from '../../domain/corrections/correction.schemas.ts';
import { CorrectionConflictError } from '../../domain/corrections/correction.service.ts';
import type { Container } from '../../app/compose.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

export function correctionsRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();

  /** Fix an item's labels; the model's output stays beside the correction, and reports use the correction. */
  router.patch('/v1/items/:id/classification', requireRole('agent'), async (req, res) => {
    const body = parseOr400(correctionInputSchema, req.body, 'body');
    let result;
    try {
      result = await c.triage.corrections.correct(req.params.id as string, body, req.principal!.keyId);
    } catch (err) {
      if (err instanceof InvalidCorrectionError) throw badRequest('invalid body', [{ field: err.field, message: err.message }]);
      if (err instanceof CorrectionConflictError) throw conflict(err.message);
      throw err;
    }
    if (!result) throw notFound('item');
    const { item, changed } = result;
    res.json({
      id: String(item._id),
      changed,
      classification: item.classification,
      modelClassification: item.modelClassification ?? item.classification,
      modelVersion: item.modelVersion,
      correction: item.correction ?? null,
    });
  });

  return router;
}
