// Just enough of a PromQL scanner to say which metrics and labels a query uses, so tests can check every
// dashboard query and rule against what the exporter emits. Not a parser: it does not validate syntax
// (promtool and Prometheus do), it only tells metric names from functions, keywords and label lists.

export interface Selector {
  metric: string;
  /** Label names used in the selector's matchers, e.g. `region` in `m{region=~"$region"}`. */
  labels: string[];
}

export interface QueryUse {
  selectors: Selector[];
  /** Labels named in by / without / on / ignoring / group_left / group_right lists. */
  groupingLabels: string[];
}

const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
]);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

const IDENT_START = /[a-zA-Z_:]/;
const IDENT_PART = /[a-zA-Z0-9_:]/;

function skipString(expr: string, start: number): number {
  const quote = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) i += expr[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipSpaces(expr: string, start: number): number {
  let i = start;
  while (i < expr.length && /\s/.test(expr[i] ?? '')) i++;
  return i;
}

/** Label names inside `{…}` (matchers) or `(…)` (grouping lists), starting at the opening bracket. */
function labelList(expr: string, open: number, close: string): { labels: string[]; end: number } {
  const labels: string[] = [];
  let i = open + 1;
  let expectName = true;
  while (i < expr.length && expr[i] !== close) {
    const c = expr[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
      continue;
    }
    if (c === ',') expectName = true;
    if (expectName && IDENT_START.test(c)) {
      let j = i;
      while (j < expr.length && IDENT_PART.test(expr[j] ?? '')) j++;
      labels.push(expr.slice(i, j));
      expectName = false;
      i = j;
      continue;
    }
    i++;
  }
  return { labels, end: i + 1 };
}

export function scanQuery(expr: string): QueryUse {
  const selectors: Selector[] = [];
  const groupingLabels: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
    } else if (c === '[') {
      i = expr.indexOf(']', i) + 1 || expr.length; // range or subquery duration
    } else if (c === '$') {
      i++;
      while (i < expr.length && IDENT_PART.test(expr[i] ?? '')) i++; // a Grafana variable, e.g. $__rate_interval
    } else if (/[0-9.]/.test(c)) {
      while (i < expr.length && /[0-9a-zA-Z.]/.test(expr[i] ?? '')) i++; // numbers and durations (5m, 1e3)
    } else if (IDENT_START.test(c)) {
      let j = i;
      while (j < expr.length && IDENT_PART.test(expr[j] ?? '')) j++;
      const word = expr.slice(i, j);
      const next = skipSpaces(expr, j);
      if (GROUPING.has(word) && expr[next] === '(') {
        const list = labelList(expr, next, ')');
        groupingLabels.push(...list.labels);
        i = list.end;
      } else if (expr[next] === '(' || AGGREGATIONS.has(word) || KEYWORDS.has(word)) {
        i = j; // a function call, an aggregation or an operator keyword
      } else if (expr[next] === '{') {
        const list = labelList(expr, next, '}');
        selectors.push({ metric: word, labels: list.labels });
        i = list.end;
      } else {
        selectors.push({ metric: word, labels: [] });
        i = j;
      }
    } else if (c === '{') {
      i = labelList(expr, i, '}').end; // a selector without a metric name
    } else {
      i++;
    }
  }
  return { selectors, groupingLabels };
}

/** Labels a Grafana legend format refers to: `{{namespace}}/{{policy_name}}` → namespace, policy_name. */
export function legendLabels(format: string): string[] {
  return [...format.matchAll(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)].map((m) => m[1] ?? '');
}
