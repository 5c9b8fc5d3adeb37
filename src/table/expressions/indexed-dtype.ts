// The dtype of indexing a value (`at`, `get`): element types of lists and tuples as Pathway infers them.

import { ANY, STR, unifyDtypes, type DType } from '../dtype.js';
import type { Expr } from '../expression.js';
import { GraphBuildError } from '../errors.js';
import { userCallSite } from '../call-site.js';

/**
 * The dtype of `container[index]` (`at`, no default) or of `container.get(index, dflt)`, as Pathway types them: a list's
 * element type; a tuple's element at a constant index (a constant index past its length: refused by `at`, the
 * default's type for `get`), or its elements' common type; a string's STR; JSON's JSON. `get` adds the default's type.
 */
export function indexedDtype(container: DType, index: Expr, dflt: Expr | undefined): DType {
  const d = container.unoptional();
  let element: DType = ANY;
  if (d.name === 'List' && d.inner[0]) element = d.inner[0];
  else if (d.name === 'STR') element = STR;
  else if (d.name === 'JSON') element = d;
  else if (d.name === 'Tuple') {
    const items = d.inner;
    const i = index.node.kind === 'const' ? index.node.value : undefined;
    if (typeof i === 'number' && Number.isInteger(i)) {
      const at = i < 0 ? items.length + i : i;
      const item = items[at];
      if (item === undefined) {
        if (dflt === undefined) {
          throw new GraphBuildError(
            `index ${i} out of range for a tuple of type ${String(container)}; use get() with a default`,
            userCallSite(),
          );
        }
        return dflt.dtype;
      }
      // In range of a tuple of known length: the element itself, never the default (unless the tuple may be None).
      return dflt !== undefined && container.isOptional ? unifyDtypes(item, dflt.dtype) : item;
    } else if (items.length > 0) element = items.reduce((a, b) => unifyDtypes(a, b));
  }
  if (dflt === undefined) return element;
  if (d.name === 'JSON') return element.optional();
  return element.name === 'ANY' ? ANY.optional() : unifyDtypes(element, dflt.dtype);
}
