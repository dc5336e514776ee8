/**
 * The `/filter` grammar (`where` and `orderby`), parsed by hand into an expression tree, then
 * compiled to SQL where every value is a bound parameter and every column is checked against the
 * split's schema. Nothing from the request is ever spliced into SQL text.
 *
 *   where   := or
 *   or      := and ("OR" and)*
 *   and     := not ("AND" not)*
 *   not     := "NOT" not | primary
 *   primary := "(" or ")" | operand predicate?
 *   predicate := cmpop operand | "IS" ["NOT"] "NULL" | ["NOT"] ("LIKE" | "ILIKE") operand | ["NOT"] "IN" "(" literal ("," literal)* ")"
 *   operand := column | literal          column := "quoted ""name""" | bare_name
 *   literal := 'string' | number | TRUE | FALSE | NULL
 *   orderby := column ["ASC" | "DESC"] ("," column ["ASC" | "DESC"])*
 */
export class FilterSyntaxError extends Error {}

type Token =
  | { t: 'ident'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'kw'; v: Keyword; at: number }
  | { t: 'op'; v: CmpOp; at: number }
  | { t: '(' | ')' | ','; at: number }
  | { t: 'end'; at: number };

const KEYWORDS = ['AND', 'OR', 'NOT', 'IS', 'NULL', 'LIKE', 'ILIKE', 'IN', 'TRUE', 'FALSE', 'ASC', 'DESC'] as const;
type Keyword = (typeof KEYWORDS)[number];
export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Literal = string | number | boolean | null;
export type Operand = { kind: 'column'; name: string } | { kind: 'literal'; value: Literal };
export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; op: CmpOp; left: Operand; right: Operand }
  | { kind: 'isNull'; operand: Operand; negated: boolean }
  | { kind: 'like'; operand: Operand; pattern: Operand; caseInsensitive: boolean; negated: boolean }
  | { kind: 'in'; operand: Operand; values: Literal[]; negated: boolean };
export interface OrderTerm {
  column: string;
  descending: boolean;
}

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 64;
const MAX_IN = 1_000;
const MAX_ORDER_TERMS = 16;

export function tokenize(input: string): Token[] {
  if (input.length > MAX_LENGTH) throw new FilterSyntaxError(`at most ${MAX_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      // Quoted identifier or string; a doubled quote stands for itself.
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new FilterSyntaxError(`unterminated ${c === '"' ? 'identifier' : 'string'} at position ${at}`);
        if (input[i] === c) {
          if (input[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += input[i++];
      }
      if (c === '"' && value === '') throw new FilterSyntaxError(`empty column name at position ${at}`);
      tokens.push(c === '"' ? { t: 'ident', v: value, at } : { t: 'string', v: value, at });
      continue;
    }
    const number = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(input.slice(i));
    if (number && (c !== '-' || !endsOperand(tokens))) {
      const v = Number(number[0]);
      if (!Number.isFinite(v)) throw new FilterSyntaxError(`number out of range at position ${at}`);
      tokens.push({ t: 'number', v, at });
      i += number[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|!=|==|=|<|>)/.exec(input.slice(i));
    if (op) {
      const v = op[1] === '<>' ? '!=' : op[1] === '==' ? '=' : (op[1] as CmpOp);
      tokens.push({ t: 'op', v, at });
      i += op[1]!.length;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: c, at });
      i++;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
    if (word) {
      const upper = word[0].toUpperCase();
      if ((KEYWORDS as readonly string[]).includes(upper)) tokens.push({ t: 'kw', v: upper as Keyword, at });
      else tokens.push({ t: 'ident', v: word[0], at });
      i += word[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character ${JSON.stringify(c)} at position ${at}`);
  }
  tokens.push({ t: 'end', at: input.length });
  return tokens;
}

const endsOperand = (tokens: Token[]) => {
  const last = tokens[tokens.length - 1];
  return !!last && (last.t === 'ident' || last.t === 'number' || last.t === 'string' || last.t === ')');
};

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private isKw(v: Keyword): boolean {
    const tok = this.peek();
    return tok.t === 'kw' && tok.v === v;
  }

  private expect(kind: Token['t'], what: string): Token {
    const tok = this.next();
    if (tok.t !== kind) throw this.unexpected(tok, what);
    return tok;
  }

  private unexpected(tok: Token, wanted: string): FilterSyntaxError {
    const got = tok.t === 'end' ? 'the end' : tok.t === 'kw' || tok.t === 'op' ? tok.v : tok.t === 'ident' ? `"${tok.v}"` : tok.t === 'string' ? 'a string' : tok.t === 'number' ? String(tok.v) : `"${tok.t}"`;
    return new FilterSyntaxError(`expected ${wanted} at position ${tok.at}, found ${got}`);
  }

  parseWhere(): Expr {
    const expr = this.or();
    const rest = this.peek();
    if (rest.t !== 'end') throw this.unexpected(rest, 'AND, OR or the end');
    return expr;
  }

  private nested<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new FilterSyntaxError(`nested deeper than ${MAX_DEPTH} levels`);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    return this.nested(() => {
      let left = this.and();
      while (this.isKw('OR')) {
        this.next();
        left = { kind: 'or', left, right: this.and() };
      }
      return left;
    });
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKw('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKw('NOT')) {
      this.next();
      return this.nested(() => ({ kind: 'not', expr: this.not() }));
    }
    return this.primary();
  }

  private primary(): Expr {
    if (this.peek().t === '(') {
      this.next();
      const inner = this.or();
      this.expect(')', '")"');
      return inner;
    }
    const operand = this.operand();
    const tok = this.peek();
    if (tok.t === 'op') {
      this.next();
      return { kind: 'cmp', op: tok.v, left: operand, right: this.operand() };
    }
    if (this.isKw('IS')) {
      this.next();
      const negated = this.isKw('NOT');
      if (negated) this.next();
      if (!this.isKw('NULL')) throw this.unexpected(this.peek(), 'NULL');
      this.next();
      return { kind: 'isNull', operand, negated };
    }
    const negated = this.isKw('NOT');
    if (negated) this.next();
    if (this.isKw('LIKE') || this.isKw('ILIKE')) {
      const caseInsensitive = (this.next() as { v: Keyword }).v === 'ILIKE';
      return { kind: 'like', operand, pattern: this.operand(), caseInsensitive, negated };
    }
    if (this.isKw('IN')) {
      this.next();
      this.expect('(', '"(" after IN');
      const values: Literal[] = [this.literal()];
      while (this.peek().t === ',') {
        this.next();
        values.push(this.literal());
        if (values.length > MAX_IN) throw new FilterSyntaxError(`at most ${MAX_IN} values in an IN list`);
      }
      this.expect(')', '")" closing the IN list');
      return { kind: 'in', operand, values, negated };
    }
    throw this.unexpected(this.peek(), negated ? 'LIKE, ILIKE or IN after NOT' : 'a comparison, IS [NOT] NULL, LIKE, ILIKE or IN');
  }

  private operand(): Operand {
    const tok = this.peek();
    if (tok.t === 'ident') {
      this.next();
      return { kind: 'column', name: tok.v };
    }
    return { kind: 'literal', value: this.literal() };
  }

  private literal(): Literal {
    const tok = this.next();
    if (tok.t === 'string' || tok.t === 'number') return tok.v;
    if (tok.t === 'kw' && (tok.v === 'TRUE' || tok.v === 'FALSE')) return tok.v === 'TRUE';
    if (tok.t === 'kw' && tok.v === 'NULL') return null;
    throw this.unexpected(tok, 'a column or a value');
  }

  parseOrderBy(): OrderTerm[] {
    const terms: OrderTerm[] = [];
    for (;;) {
      const tok = this.next();
      if (tok.t !== 'ident') throw this.unexpected(tok, 'a column');
      let descending = false;
      if (this.isKw('ASC') || this.isKw('DESC')) descending = (this.next() as { v: Keyword }).v === 'DESC';
      terms.push({ column: tok.v, descending });
      if (terms.length > MAX_ORDER_TERMS) throw new FilterSyntaxError(`at most ${MAX_ORDER_TERMS} columns`);
      const after = this.next();
      if (after.t === 'end') return terms;
      if (after.t !== ',') throw this.unexpected(after, 'ASC, DESC, "," or the end');
    }
  }
}

export const parseWhere = (input: string): Expr => new Parser(tokenize(input)).parseWhere();
export const parseOrderBy = (input: string): OrderTerm[] => new Parser(tokenize(input)).parseOrderBy();

export class UnknownColumnError extends Error {}

/** Compiles the tree to SQL text (identifiers from the schema only) and its bound values. */
export function compileWhere(expr: Expr, columns: ReadonlySet<string>): { sql: string; params: Literal[] } {
  const params: Literal[] = [];
  const quote = (name: string) => {
    if (!columns.has(name)) throw new UnknownColumnError(`Unknown column "${name.slice(0, 200)}"`);
    return `"${name.replace(/"/g, '""')}"`;
  };
  const operand = (o: Operand): string => {
    if (o.kind === 'column') return quote(o.name);
    params.push(o.value);
    return '?';
  };
  const walk = (e: Expr): string => {
    switch (e.kind) {
      case 'and': return `(${walk(e.left)} AND ${walk(e.right)})`;
      case 'or': return `(${walk(e.left)} OR ${walk(e.right)})`;
      case 'not': return `(NOT ${walk(e.expr)})`;
      case 'cmp': return `(${operand(e.left)} ${e.op === '!=' ? '<>' : e.op} ${operand(e.right)})`;
      case 'isNull': return `(${operand(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'like': return `(${operand(e.operand)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${operand(e.pattern)})`;
      case 'in': {
        const left = operand(e.operand);
        const list = e.values.map((v) => operand({ kind: 'literal', value: v })).join(', ');
        return `(${left} ${e.negated ? 'NOT ' : ''}IN (${list}))`;
      }
    }
  };
  return { sql: walk(expr), params };
}

export function compileOrderBy(terms: OrderTerm[], columns: ReadonlySet<string>): string {
  return terms.map((t) => {
    if (!columns.has(t.column)) throw new UnknownColumnError(`Unknown column "${t.column.slice(0, 200)}"`);
    return `"${t.column.replace(/"/g, '""')}" ${t.descending ? 'DESC' : 'ASC'}`;
  }).join(', ');
}
