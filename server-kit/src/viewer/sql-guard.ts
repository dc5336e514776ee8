/**
 * Checks a user's SQL before it runs, on DuckDB's own parse tree (`json_serialize_sql`): exactly
 * one SELECT (set operations and CTEs allowed), tables only the split names (or the query's own
 * CTEs), no table functions, file paths, DESCRIBE/SUMMARIZE, PIVOT or parameters, and function
 * calls only from an allowlist of pure scalar, aggregate and window functions. Anything it does
 * not recognise is refused. The connection it then runs on has no file access outside the
 * hub's data and a locked configuration; this check is the first of those two walls.
 */
export class SqlRefused extends Error {}

const SCALAR = `
abs acos asin atan atan2 cbrt ceil ceiling cos cot degrees even exp factorial floor gamma gcd greatest isfinite isinf isnan lcm least
lgamma ln log log10 log2 nextafter pi pow power radians random round round_even sign signbit sin sqrt tan trunc xor bit_count
ascii bar bit_length chr concat concat_ws contains ends_with format hamming instr jaccard jaro_similarity jaro_winkler_similarity lcase
left length length_grapheme levenshtein damerau_levenshtein like_escape ilike_escape lower lpad ltrim md5 md5_number mismatches nfc_normalize
not_ilike_escape not_like_escape ord parse_dirname parse_filename parse_path position prefix printf regexp_escape regexp_extract
regexp_extract_all regexp_full_match regexp_matches regexp_replace regexp_split_to_array repeat replace reverse right rpad rtrim sha1 sha256
split split_part starts_with strip_accents strlen strpos string_split string_split_regex string_to_array substr substring substring_grapheme
suffix trim translate ucase unicode upper url_decode url_encode editdistance hash
age century date_add date_diff date_part date_sub date_trunc datediff datepart datesub datetrunc day dayname dayofmonth dayofweek dayofyear
decade epoch epoch_ms epoch_ns epoch_us era extract hour isodow isoyear julian last_day make_date make_time make_timestamp make_timestamptz
microsecond millennium millisecond minute month monthname nanosecond quarter second strftime strptime time_bucket timezone_hour
timezone_minute to_days to_hours to_microseconds to_milliseconds to_minutes to_months to_seconds to_timestamp to_weeks to_years
try_strptime week weekday weekofyear year yearweek current_date today
array_contains array_distinct array_extract array_has array_has_all array_has_any array_length array_position array_reverse array_slice
array_sort array_to_string array_value flatten len list_aggregate list_aggr list_apply list_concat list_contains list_distinct list_element
list_extract list_filter list_has list_has_all list_has_any list_indexof list_position list_reduce list_reverse list_reverse_sort list_slice
list_sort list_transform list_unique list_value list_zip array_transform array_filter array_reduce list_cosine_similarity list_distance
list_inner_product array_concat array_append array_prepend list_append list_prepend range generate_series unnest
struct_extract struct_pack struct_insert row map map_extract map_keys map_values map_entries element_at cardinality
coalesce ifnull nullif if iif typeof try_cast alias
json_extract json_extract_string json_extract_path json_extract_path_text json_array_length json_keys json_type json_valid json_value
json_contains json_structure to_json json_object json_array json_quote json_transform
`;

const AGGREGATE = `
count count_star sum avg mean min max median mode quantile quantile_cont quantile_disc stddev stddev_samp stddev_pop var_samp var_pop
variance approx_count_distinct approx_quantile first last any_value arg_min arg_max argmin argmax min_by max_by string_agg group_concat
listagg list array_agg bool_and bool_or bit_and bit_or bit_xor product histogram entropy kurtosis skewness corr covar_pop covar_samp
regr_slope regr_intercept regr_r2 regr_count sumkahan fsum favg kahan_sum
row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
`;

const OPERATORS = ['+', '-', '*', '/', '//', '%', '**', '^', '||', '~~', '!~~', '~~*', '!~~*', '~~~', '&', '|', '<<', '>>', '~', '@', '!', '->>', '@>', '<@', '&&'];

export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([...`${SCALAR} ${AGGREGATE}`.split(/\s+/).filter(Boolean), ...OPERATORS]);

const EXPRESSION_CLASSES = new Set([
  'COLUMN_REF', 'CONSTANT', 'FUNCTION', 'OPERATOR', 'COMPARISON', 'CONJUNCTION', 'CASE', 'CAST', 'BETWEEN', 'STAR',
  'SUBQUERY', 'WINDOW', 'LAMBDA', 'COLLATE', 'POSITIONAL_REFERENCE',
]);
const TABLE_REFS = new Set(['BASE_TABLE', 'SUBQUERY', 'JOIN', 'EMPTY', 'EXPRESSION_LIST']);
const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Checks the serialized parse tree; throws SqlRefused with the reason. */
export function checkQueryTree(serialized: string, tables: ReadonlySet<string>): void {
  const tree = JSON.parse(serialized) as { error: boolean; error_message?: string; error_type?: string; statements?: Array<{ node: Json }> };
  if (tree.error) {
    if (tree.error_type === 'not implemented') throw new SqlRefused('Only a SELECT query is allowed');
    throw new SqlRefused(`The query does not parse: ${(tree.error_message ?? '').slice(0, 300)}`);
  }
  const statements = tree.statements ?? [];
  if (statements.length !== 1) throw new SqlRefused('Exactly one statement is allowed (no ";")');
  visitNode(statements[0]!.node, new Set([...tables].map((t) => t.toLowerCase())));
}

function visitNode(node: Json, outer: Set<string>): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) throw new SqlRefused('Unexpected query shape');
  const type = node.type as string;
  if (!QUERY_NODES.has(type)) throw new SqlRefused(type === 'RECURSIVE_CTE_NODE' ? 'Recursive queries are not allowed' : `${String(type).replace(/_NODE$/, '')} queries are not allowed`);
  // A CTE name is a table only in its own WITH's scope: each body sees the CTEs before it, the query
  // all of them. Anywhere else (its own body, an outer query) DuckDB would read a file of that name.
  const tables = new Set(outer);
  const map = (node.cte_map as { map?: Array<{ key: Json; value: Json }> } | undefined)?.map ?? [];
  if (!Array.isArray(map)) throw new SqlRefused('Unexpected query shape');
  for (const entry of map) {
    visit(entry.value, tables);
    tables.add(String(entry.key).toLowerCase());
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'cte_map') continue;
    if (key === 'from_table') visitTable(value, tables);
    else if (key === 'left' || key === 'right') visitNode(value, tables);
    else visit(value, tables);
  }
}

function visitTable(ref: Json, tables: Set<string>): void {
  if (!ref || typeof ref !== 'object' || Array.isArray(ref)) throw new SqlRefused('Unexpected table reference');
  const type = ref.type as string;
  if (type === 'TABLE_FUNCTION') {
    const name = (ref.function as { function_name?: string } | null)?.function_name ?? '?';
    throw new SqlRefused(`Table functions are not allowed: ${name}`);
  }
  if (!TABLE_REFS.has(type)) throw new SqlRefused(`${type === 'SHOW_REF' ? 'DESCRIBE and SUMMARIZE are' : type === 'PIVOT' ? 'PIVOT is' : `${type} is`} not allowed`);
  if (type === 'BASE_TABLE') {
    const name = String(ref.table_name);
    if (ref.schema_name || ref.catalog_name) throw new SqlRefused(`Only the splits can be queried, by name: ${[ref.catalog_name, ref.schema_name, name].filter(Boolean).join('.').slice(0, 200)}`);
    if (!tables.has(name.toLowerCase())) throw new SqlRefused(`Unknown table "${name.slice(0, 200)}": the tables are the splits (${[...tables].join(', ')})`);
    if (ref.at_clause) throw new SqlRefused('AT clauses are not allowed');
  }
  for (const [key, value] of Object.entries(ref)) {
    if (type === 'JOIN' && (key === 'left' || key === 'right')) visitTable(value, tables);
    else if (type === 'SUBQUERY' && key === 'subquery') visitNode((value as { node: Json }).node, tables);
    else visit(value, tables);
  }
}

/** Expressions and everything else: allowlisted classes, functions and nested queries only. */
function visit(x: Json, tables: Set<string>): void {
  if (Array.isArray(x)) return x.forEach((v) => visit(v, tables));
  if (!x || typeof x !== 'object') return;
  if (typeof x.class === 'string') {
    if (!EXPRESSION_CLASSES.has(x.class)) throw new SqlRefused(x.class === 'PARAMETER' ? 'Parameters are not allowed' : `${x.class} expressions are not allowed`);
    if (x.class === 'FUNCTION' || x.class === 'WINDOW') {
      const name = String(x.function_name ?? '').toLowerCase();
      if (x.catalog || (x.schema && x.schema !== 'main')) throw new SqlRefused(`Function ${name} is not allowed`);
      if (x.class === 'FUNCTION' && !ALLOWED_FUNCTIONS.has(name)) throw new SqlRefused(`Function ${name.slice(0, 100)} is not allowed`);
      if (x.class === 'WINDOW' && name && !ALLOWED_FUNCTIONS.has(name)) throw new SqlRefused(`Function ${name.slice(0, 100)} is not allowed`);
    }
    if (x.class === 'CAST') checkCastType(x.cast_type ?? null);
  }
  // Any query node anywhere (CTE bodies, subqueries): known kinds are walked, others (recursive CTEs) refused.
  if (typeof x.type === 'string' && x.type.endsWith('_NODE')) return visitNode(x, tables);
  if (typeof x.type === 'string' && (TABLE_REFS.has(x.type) || x.type === 'TABLE_FUNCTION' || x.type === 'SHOW_REF' || x.type === 'PIVOT')) return visitTable(x, tables);
  for (const [key, value] of Object.entries(x)) {
    if (key === 'subquery' && value && typeof value === 'object' && 'node' in value) visitNode((value as { node: Json }).node, tables);
    else visit(value, tables);
  }
}

/** Casts to user-defined types could reach extension types; only built-in names are allowed. */
function checkCastType(type: Json): void {
  const info = (type as { type_info?: { catalog?: string; schema?: string } | null } | null)?.type_info;
  if (info && (info.catalog || info.schema)) throw new SqlRefused('Casts to qualified types are not allowed');
}
