// A fact about V8's arrays that the records and people rely on, written once.

/**
 * A new empty list of the elements kind V8 gives a list of objects or strings. To V8 a `[]` literal is a list
 * of small integers until something else goes in, and it keeps that kind (another hidden class) while it
 * stays empty: a record's or person's `phones`, `emails` and `badPhones` had two classes, empty and not, and
 * each function compiled on one was thrown away at the first list of the other (--log-deopt: "wrong map" in
 * the render step's tally, segments and targets; the record's field types changed under readRecord,
 * writeBlob, blobBound and the packer's add). The list made here is an ordinary empty array; only its class
 * is that of the non-empty lists.
 */
export function emptyList<T>(): T[] {
  const list: T[] = [undefined as T]
  list.pop()
  return list
}
