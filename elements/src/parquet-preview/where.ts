/**
 * The filter builder's model and its translation to the hub's `/viewer/filter` `where` grammar:
 * `"column" op value` joined by AND or OR, strings quoted with `''` escapes, numbers and booleans
 * bare for numeric and boolean columns, `IS [NOT] NULL`, and `ILIKE '%…%'` for "contains".
 */
export type FilterOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'is-null' | 'not-null';
export const FILTER_OPS: readonly FilterOp[] = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'is-null', 'not-null'];

export interface FilterCondition {
  column: string;
  op: FilterOp;
  value: string;
}

export type Combinator = 'AND' | 'OR';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const NUMERIC = /^(?:u?int\d*|float\d*|double|decimal)/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Whether an operator takes a value. */
export const takesValue = (op: FilterOp): boolean => op !== 'is-null' && op !== 'not-null';

function literal(value: string, type: string | undefined): string {
  const v = value.trim();
  if (type && NUMERIC.test(type) && NUMBER.test(v)) return v;
  if (type === 'bool' && /^(true|false)$/i.test(v)) return v.toUpperCase();
  return quoteString(value);
}

function condition(c: FilterCondition, types: Record<string, string>): string {
  const col = quoteIdent(c.column);
  if (c.op === 'is-null') return `${col} IS NULL`;
  if (c.op === 'not-null') return `${col} IS NOT NULL`;
  if (c.op === 'contains') return `${col} ILIKE ${quoteString(`%${c.value}%`)}`;
  return `${col} ${c.op} ${literal(c.value, types[c.column])}`;
}

/** The `where` expression, or '' when no condition is complete (a value-taking one needs a value). */
export function buildWhere(conditions: FilterCondition[], combinator: Combinator, types: Record<string, string> = {}): string {
  const complete = conditions.filter((c) => c.column && (!takesValue(c.op) || c.value !== ''));
  return complete.map((c) => condition(c, types)).join(` ${combinator} `);
}

/** The `orderby` expression for a sorted column. */
export const buildOrderBy = (column: string, direction: 'ASC' | 'DESC'): string => `${quoteIdent(column)} ${direction}`;
