/**
 * Survey tools' and review sites' CSV exports, read as they come out of the tool: how many header
 * rows each has and which columns hold the response id, date, respondent, scores and free-text
 * answers. Pure: header rows in, an ImportMapping out (a user's `--map` overrides any part); the
 * importer reads the rows with it.
 *
 * - Qualtrics: three header rows (column ids such as `Q1`, question wording, `{"ImportId":…}`);
 *   an NPS question has a `<id>_NPS_GROUP` column next to it; text-entry answers have an ImportId
 *   (or column id) ending in `_TEXT`.
 * - SurveyMonkey: two header rows (question heading, answer label); open answers are labelled
 *   "Open-Ended Response"; a heading asking how likely one is to recommend is the NPS question.
 * - Google Forms (the responses sheet downloaded as CSV): one header row, `Timestamp`, perhaps an
 *   e-mail column, then one column per question; every question that is not a score is free text
 *   unless `--map text=` names the open ones.
 * - Trustpilot-style review exports: one header row with review id, date, title, content and stars.
 */
import { ImportError, type ImportMapping } from './import-mapping.ts';

export const EXPORT_FORMATS = ['csv', 'qualtrics', 'surveymonkey', 'google-forms', 'trustpilot'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Header rows each format's file starts with (`--header-rows` overrides it). */
export const HEADER_ROWS: Record<ExportFormat, number> = { csv: 1, qualtrics: 3, surveymonkey: 2, 'google-forms': 1, trustpilot: 1 };

export interface ExportLayout {
  /** The key of each column, by position: the names `--map` and the mapping use. */
  columns: string[];
  mapping: ImportMapping;
}

const NPS_QUESTION = /how likely .*recommend/i;
const CSAT_QUESTION = /how satisfied|satisfaction with|rate your (overall )?(experience|satisfaction)/i;

/** The first of `names` (in order of preference) that is a column. */
const find = (columns: string[], ...names: string[]) => names.map((n) => columns.find((c) => c.trim().toLowerCase() === n.toLowerCase())).find(Boolean);
const question = (wording: string) => wording.replace(/\s+/g, ' ').trim().slice(0, 200);

function qualtrics(rows: string[][]): ExportLayout {
  const [keys = [], wording = [], importIds] = rows;
  const ids = importIds?.map((cell) => {
    if (!cell.trim()) return '';
    try {
      return String((JSON.parse(cell) as { ImportId?: unknown }).ImportId ?? '');
    } catch {
      throw new ImportError(
        `header row 3 of a Qualtrics export holds {"ImportId": …} cells, this file has "${cell.slice(0, 40)}": set --header-rows to the number of header rows it has (2 for legacy exports)`,
      );
    }
  });
  const columns = keys.map((k) => k.trim());
  const nps = columns.find((c) => columns.includes(`${c}_NPS_GROUP`));
  const texts = columns.filter((c, i) => /_TEXT$/i.test(c) || /_TEXT$/i.test(ids?.[i] ?? ''));
  const questions = Object.fromEntries(texts.map((c) => [c, question(wording[columns.indexOf(c)] ?? c)]));
  return {
    columns,
    mapping: {
      text: texts,
      questions,
      id: find(columns, 'ResponseId', 'ResponseID', 'V1'),
      date: find(columns, 'RecordedDate', 'EndDate', 'V9'),
      author: find(columns, 'RecipientEmail'),
      ...(nps ? { nps } : {}),
    },
  };
}

function surveymonkey(rows: string[][]): ExportLayout {
  const [headings = [], labels = []] = rows;
  if (!labels.some((l) => /^(open-ended )?response$/i.test(l.trim()))) {
    throw new ImportError(`header row 2 of a SurveyMonkey export holds answer labels ("Response", "Open-Ended Response"), this file has "${labels.slice(0, 4).join(', ')}": set --header-rows`);
  }
  let heading = '';
  const columns = headings.map((h, i) => {
    if (h.trim()) heading = h.trim();
    const label = (labels[i] ?? '').trim();
    // A question over several columns names its later ones by heading and answer label.
    return h.trim() ? h.trim() : `${heading} / ${label}`;
  });
  const headingOf = (i: number) => columns[i]!.split(' / ')[0]!;
  const texts = columns.filter((_c, i) => /^open-ended response$/i.test((labels[i] ?? '').trim()));
  return {
    columns,
    mapping: {
      text: texts,
      questions: Object.fromEntries(texts.map((c) => [c, question(headingOf(columns.indexOf(c)))])),
      id: find(columns, 'Respondent ID'),
      date: find(columns, 'End Date'),
      author: find(columns, 'Email Address'),
      ...(columns.find((c) => NPS_QUESTION.test(c)) ? { nps: columns.find((c) => NPS_QUESTION.test(c)) } : {}),
    },
  };
}

function googleForms(rows: string[][]): ExportLayout {
  const columns = (rows[0] ?? []).map((c) => c.trim());
  const date = find(columns, 'Timestamp', 'Horodateur', 'Marca temporal', 'Zeitstempel');
  const author = find(columns, 'Email Address', 'Email address', 'Username');
  const nps = columns.find((c) => NPS_QUESTION.test(c));
  const rating = columns.find((c) => CSAT_QUESTION.test(c));
  const texts = columns.filter((c) => c && ![date, author, nps, rating].includes(c));
  return {
    columns,
    mapping: { text: texts, questions: Object.fromEntries(texts.map((c) => [c, question(c)])), date, author, ...(nps ? { nps } : {}), ...(rating ? { rating } : {}) },
  };
}

function trustpilot(rows: string[][]): ExportLayout {
  const columns = (rows[0] ?? []).map((c) => c.trim());
  const text = find(columns, 'Review Content', 'Content', 'Review Text', 'Review', 'Text');
  return {
    columns,
    mapping: {
      text: text ? [text] : [],
      id: find(columns, 'Review ID', 'Id', 'review_id'),
      date: find(columns, 'Review Created (UTC)', 'Review Date', 'Date', 'created_at'),
      title: find(columns, 'Review Title', 'Title'),
      rating: find(columns, 'Review Stars', 'Stars', 'Rating'),
      author: find(columns, 'Consumer Name', 'Reviewer Name', 'Author', 'Name'),
    },
  };
}

/**
 * The columns and mapping of a file in `format`, from its header rows, with `overrides` (from
 * `--map`) taking precedence. Throws ImportError naming the option to set when the header rows do
 * not have the format's shape or no free-text column is found.
 */
export function exportLayout(format: ExportFormat, rows: string[][], overrides: Partial<ImportMapping>): ExportLayout {
  const detected: ExportLayout =
    format === 'qualtrics' ? qualtrics(rows)
    : format === 'surveymonkey' ? surveymonkey(rows)
    : format === 'google-forms' ? googleForms(rows)
    : format === 'trustpilot' ? trustpilot(rows)
    : { columns: (rows[0] ?? []).map((c) => c.trim()), mapping: { text: [] } };
  const defined = Object.fromEntries(Object.entries(detected.mapping).filter(([, v]) => v !== undefined)) as ImportMapping;
  const mapping: ImportMapping = { ...defined, ...overrides, text: overrides.text?.length ? overrides.text : defined.text };
  if (mapping.text.length === 0) throw new ImportError(`no free-text column found in ${format === 'csv' ? 'the file' : `this ${format} export`}: name it with --map text=<column>`);
  const missing = [...mapping.text, ...(['id', 'nps', 'rating', 'date', 'author', 'url', 'reach', 'title'] as const).map((k) => mapping[k])]
    .filter((c): c is string => Boolean(c))
    .filter((c) => !detected.columns.includes(c));
  if (missing.length) throw new ImportError(`columns not in the header: ${missing.join(', ')} (header: ${detected.columns.join(', ')})`);
  return { columns: detected.columns, mapping };
}
