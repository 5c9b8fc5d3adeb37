// Re-infers expression dtypes once the columns they read are known: `cw.this.price.mul(2)` is built untyped
// (ANY) and becomes FLOAT when the method using it resolves `price` against its table.

import { ANY, BOOL, FLOAT, INT, POINTER, list, tuple, unifyDtypes, type DType } from './dtype.js';
import { ColumnRef, Expr, columnRefLike, isRowIdRef, type ExprNode, type TableSlot } from './expression.js';
import { indexedDtype } from './expressions/indexed-dtype.js';
import { mapChildren } from './expression-tree.js';
import { binaryResultDtype, negResultDtype } from './expressions/result-dtype.js';

/** Finds the dtype of a column reference, or undefined when it cannot tell. */
export type DtypeResolver = (slot: TableSlot, name: string) => DType | undefined;

function reducerDtype(name: string, arg: DType | undefined): DType | undefined {
  switch (name) {
    case 'count':
    case 'countDistinct':
    case 'countDistinctApproximate':
      return INT;
    case 'avg':
      return FLOAT;
    case 'argmin':
    case 'argmax':
      return POINTER;
    case 'sum':
    case 'min':
    case 'max':
    case 'any':
    case 'unique':
    case 'earliest':
    case 'latest':
      return arg;
    case 'tuple':
    case 'sortedTuple':
      return arg ? list(arg) : undefined;
    default:
      return undefined;
  }
}

function refine(e: Expr, children: readonly Expr[]): DType {
  const n: ExprNode = e.node;
  const known = e.dtype;
  switch (n.kind) {
    case 'binary': {
      const d = binaryResultDtype(n.op, children[0]!.dtype, children[1]!.dtype);
      return d.name === 'ANY' ? known : d;
    }
    case 'unary':
      if (n.op === 'neg') return negResultDtype(children[0]!.dtype);
      if (n.op === 'unwrap') return children[0]!.dtype.unoptional();
      return known.name === 'ANY' ? BOOL : known;
    case 'reducer': {
      // argmin / argmax with an id column reduce a tuple (x, id) and answer the id's value.
      const a0 = children[0];
      if ((n.reducer.name === 'argmin' || n.reducer.name === 'argmax') && a0?.node.kind === 'tuple') {
        return a0.node.args[1]?.dtype ?? known;
      }
      const arg = n.reducer.skipsNones === true ? a0?.dtype.unoptional() : a0?.dtype;
      return reducerDtype(n.reducer.name, arg) ?? known;
    }
    case 'ifElse':
      return unifyDtypes(children[1]!.dtype, children[2]!.dtype);
    case 'coalesce': {
      let d = children[0]?.dtype ?? known;
      for (const c of children.slice(1)) d = unifyDtypes(d, c.dtype);
      const last = children[children.length - 1];
      return last && !last.dtype.isOptional ? d.unoptional() : d;
    }
    case 'fillError':
      return unifyDtypes(children[0]!.dtype, children[1]!.dtype);
    case 'require':
      return children[0]!.dtype.optional();
    case 'tuple':
      return tuple(...children.map((c) => c.dtype));
    case 'get':
      return children[0]!.dtype.name === 'ANY'
        ? known
        : indexedDtype(children[0]!.dtype, children[1]!, children[2]);
    default:
      return known;
  }
}

/** The expression with column dtypes looked up and dtypes re-inferred bottom-up where they were unknown. */
export function resolveDtypes(e: Expr, resolve: DtypeResolver): Expr {
  const n = e.node;
  if (n.kind === 'column') {
    if (e.dtype.name !== 'ANY') return e;
    if (isRowIdRef(n)) return new ColumnRef(n.slot, n.name, POINTER);
    const d = resolve(n.slot, n.name);
    return d === undefined ? e : columnRefLike(n, n.slot, d);
  }
  if (n.kind === 'id') return e;
  const rebuilt = mapChildren(e, (c) => resolveDtypes(c, resolve));
  const kids: Expr[] = [];
  const rn = rebuilt.node;
  // A namespace call made on a receiver of unknown dtype is built again now that the receiver's is known.
  if (rn.kind === 'call' && rn.call.replay !== undefined && rn.args[0]!.dtype.name !== 'ANY') {
    const again = resolveDtypes(rn.call.replay(rn.args[0]!), resolve);
    return new Expr(again.node, again.dtype, e.site);
  }
  switch (rn.kind) {
    case 'binary':
      kids.push(rn.left, rn.right);
      break;
    case 'unary':
      kids.push(rn.arg);
      break;
    case 'ifElse':
      kids.push(rn.cond, rn.then, rn.otherwise);
      break;
    case 'fillError':
      kids.push(rn.arg, rn.replacement);
      break;
    case 'require':
      kids.push(rn.value);
      break;
    case 'coalesce':
    case 'reducer':
    case 'tuple':
      kids.push(...rn.args);
      break;
    case 'get':
      kids.push(rn.arg, rn.index);
      if (rn.default !== undefined) kids.push(rn.default);
      break;
    default:
      return rebuilt;
  }
  const d = refine(rebuilt, kids);
  return d === rebuilt.dtype || (d.name === 'ANY' && rebuilt.dtype.name === 'ANY')
    ? rebuilt
    : new Expr(rebuilt.node, d, rebuilt.site);
}

/** A resolver over tables: `this` and the given tables answer with their columns' dtypes. */
export function tableResolver(
  tables: readonly { readonly columns: readonly { name: string; dtype: DType }[] }[],
  aliases: Partial<
    Record<'this' | 'left' | 'right', { readonly columns: readonly { name: string; dtype: DType }[] }>
  >,
): DtypeResolver {
  return (slot, name) => {
    const t =
      typeof slot === 'string'
        ? aliases[slot]
        : (tables.find((x) => x === slot) ??
          (Array.isArray((slot as { columns?: unknown }).columns)
            ? (slot as (typeof tables)[number])
            : undefined));
    if (t === undefined && slot === 'this') {
      for (const a of Object.values(aliases)) {
        const c = a?.columns.find((x) => x.name === name);
        if (c) return c.dtype;
      }
    }
    return t?.columns.find((c) => c.name === name)?.dtype ?? (t === undefined ? undefined : ANY);
  };
}
