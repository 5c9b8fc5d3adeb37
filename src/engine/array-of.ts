// Arrays made without an allocation site, for the garbage of one-row steps.
//
// V8 gives every array literal and `new Array(n)` an allocation site and, from how many of a site's objects are still
// alive at a collection, may decide to allocate all of that site's later objects straight in the old generation
// ("pretenuring"). A major collection marking while a site runs unoptimized (a stream's first updates after a large
// load) finds nearly all of its objects alive, because every object stored while it marks is kept until it ends; the
// site is then pretenured for good and every later update's garbage goes to the old generation, which made B3's
// updates 1.5-2.5× slower in about one run in four (bench/README.md, "Pretenured update garbage"). A rest parameter's
// array has no allocation site, and once the function is inlined it costs what a literal costs.

/** The arguments as a fresh array: a literal that V8 never allocates in the old generation (see the header). */
export function arrayOf<T>(...items: T[]): T[] {
  return items;
}
